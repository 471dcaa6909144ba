package dev.ferry.protocol;

import java.time.Instant;
import java.util.List;

/** Every response of protocol version 1. Nullable fields are noted per record. */
public sealed interface Response extends Message {

    /** {@code retryAfter} and {@code versions} are null when absent. */
    record Error(ErrorCode code, String message, Long retryAfter, List<Integer> versions) implements Response {
        public Error(ErrorCode code, String message) {
            this(code, message, null, null);
        }
    }

    record HelloOk(long version, String nonce, String salt, long iterations, String server) implements Response {
    }

    record AuthOk(String signature) implements Response {
    }

    /** A listing of {@code count} entries follows as a body of {@code size} bytes. */
    record ListOk(long count, long size) implements Response {
    }

    /** {@code sha256} is null when the server does not know the file's hash (and for directories). */
    record StatOk(String name, FileType type, long size, Instant mtime, String sha256) implements Response {
    }

    /** Bytes {@code offset..size-1} follow as a body. */
    record DownloadOk(long size, String sha256, Instant mtime) implements Response {
    }

    record UploadOk(long offset) implements Response {
    }

    record CommitOk(long size, String sha256) implements Response {
    }

    record MkdirOk(boolean created) implements Response {
    }

    /** The bare {@code {"ok":true}} of delete, rename and bye. */
    record Ok() implements Response {
    }

    /** {@code quotaBytes} is null when the user has no quota. */
    record UsageOk(String user, long bytes, long files, Long quotaBytes) implements Response {
    }
}
