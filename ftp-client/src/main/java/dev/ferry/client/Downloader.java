package dev.ferry.client;

import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.ParallelDigest;
import dev.ferry.protocol.ProtocolException;
import dev.ferry.protocol.Response;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;

/**
 * Downloads one remote file into {@code NAME.part} beside the target, continuing from what
 * an earlier attempt left there, verifies the SHA-256 over the whole local file (the resumed
 * prefix included), and only then renames it into place. No half file ever carries the real
 * name.
 */
final class Downloader {
    private static final int CHUNK = 256 * 1024;
    static final String PART_SUFFIX = ".part";

    private final boolean overwrite;
    private final boolean resume;
    private final Progress progress;

    Downloader(boolean overwrite, boolean resume, Progress progress) {
        this.overwrite = overwrite;
        this.resume = resume;
        this.progress = progress;
    }

    static Path partOf(Path target) {
        return target.resolveSibling(target.getFileName() + PART_SUFFIX);
    }

    /** @return bytes actually received */
    long download(FerrySession session, String remote, Path target, long expectedSize) throws ClientFailure {
        if (!overwrite && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new ClientFailure(ExitCode.EXISTS, target + " already exists locally (pass --overwrite to replace it)");
        }
        Path part = partOf(target);
        try {
            if (!resume) {
                Files.deleteIfExists(part);
            }
            boolean resuming = Files.exists(part, LinkOption.NOFOLLOW_LINKS);
            try {
                return attempt(session, remote, target, part, expectedSize);
            } catch (ClientFailure e) {
                if (e.exitCode == ExitCode.CHECKSUM && resuming) {
                    // The kept prefix came from an older version of the remote file: start over once.
                    return attempt(session, remote, target, part, expectedSize);
                }
                throw e;
            }
        } catch (IOException e) {
            throw new ClientFailure(ExitCode.OTHER, target + ": cannot write locally: " + e.getMessage(), e, true);
        }
    }

    /** {@code expectedSize}: the size the listing or stat showed; it sizes the buffers, nothing more. */
    private long attempt(FerrySession session, String remote, Path target, Path part, long expectedSize)
            throws ClientFailure, IOException {
        if (Files.isSymbolicLink(part)) {
            throw new ClientFailure(ExitCode.OTHER, part + " is a link; refusing to write through it");
        }
        try (FileChannel file = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
             ParallelDigest digest = new ParallelDigest(expectedSize, CHUNK, Uploader.HASHERS)) {
            long offset = file.size();
            digest.hashPrefix(file, offset);
            Response.DownloadOk ok;
            try {
                ok = session.startDownload(remote, offset);
            } catch (ProtocolException e) {
                if (e.code() == ErrorCode.BAD_REQUEST && offset > 0) {
                    // Our partial is longer than the remote file: it was of another version. Start over.
                    file.close();
                    digest.close();
                    Files.deleteIfExists(part);
                    return attempt(session, remote, target, part, expectedSize);
                }
                throw ClientFailure.fromServer(remote, e);
            }
            progress.fileStarted(remote, ok.size(), offset);
            long received;
            try {
                received = receive(session, file, offset, ok.size(), digest, remote);
            } catch (LocalWriteFailure e) {
                progress.fileEnded(remote, false);
                throw new ClientFailure(ExitCode.OTHER, part + ": cannot write locally: " + e.getCause().getMessage(),
                        e.getCause(), true);
            } catch (IOException e) {
                progress.fileEnded(remote, false);
                throw FerrySession.lost(session.target(), e);
            }
            String actual = digest.finish();
            if (!actual.equals(ok.sha256())) {
                progress.fileEnded(remote, false);
                file.close();
                Files.deleteIfExists(part);
                throw new ClientFailure(ExitCode.CHECKSUM, remote + ": checksum mismatch (got sha256 " + actual
                        + ", the server said " + ok.sha256() + "); the download was discarded");
            }
            file.close();
            Files.setLastModifiedTime(part, FileTime.from(ok.mtime()));
            try {
                if (overwrite) {
                    Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } else {
                    Files.move(part, target);
                }
            } catch (FileAlreadyExistsException e) {
                progress.fileEnded(remote, false);
                throw new ClientFailure(ExitCode.EXISTS, target + " appeared while downloading (kept " + part
                        + "; pass --overwrite to replace)");
            }
            progress.fileEnded(remote, true);
            return received;
        }
    }

    /** A local write failed mid-body: not a lost connection, but the stream is out of step all the same. */
    private static final class LocalWriteFailure extends IOException {
        LocalWriteFailure(IOException cause) {
            super(cause);
        }
    }

    private long receive(FerrySession session, FileChannel file, long offset, long size, ParallelDigest digest,
                         String remote) throws IOException {
        long position = offset;
        while (position < size) {
            byte[] buffer = digest.take();
            int n = session.readBody(buffer, 0, (int) Math.min(buffer.length, size - position));
            ByteBuffer wrapped = ByteBuffer.wrap(buffer, 0, n);
            try {
                while (wrapped.hasRemaining()) {
                    position += file.write(wrapped, position);
                }
            } catch (IOException e) {
                throw new LocalWriteFailure(e);
            }
            digest.hash(buffer, n);
            progress.advanced(remote, n);
        }
        return size - offset;
    }
}
