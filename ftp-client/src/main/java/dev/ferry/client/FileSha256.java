package dev.ferry.client;

import dev.ferry.protocol.DirectBufferPool;
import dev.ferry.protocol.Sha256;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.HexFormat;

/**
 * The SHA-256 of a file's first {@code size} bytes, read with positional reads into one
 * direct buffer (no copy into the heap; OpenSSL hashes it in place). Used while the same bytes
 * go to the socket with sendfile: each side reads the page cache on its own thread.
 */
final class FileSha256 {
    private static final int CHUNK = 1 << 20;
    /** One buffer per file hashed at a time (--parallel of them at most), kept for the next file. */
    private static final DirectBufferPool BUFFERS = new DirectBufferPool(CHUNK, 8);

    private final FileChannel file;
    private final long size;
    private final Sha256.Engine engine;
    private volatile boolean cancelled;

    FileSha256(FileChannel file, long size, Sha256.Engine engine) {
        this.file = file;
        this.size = size;
        this.engine = engine;
    }

    /** Makes {@link #compute} stop at its next chunk (no interrupt: that would close the shared channel). */
    void cancel() {
        cancelled = true;
    }

    /** Lowercase hex. EOFException when the file is shorter than {@code size}. */
    String compute() throws IOException {
        ByteBuffer buffer = BUFFERS.take(CHUNK);
        try (Sha256 digest = engine.get()) {
            long position = 0;
            while (position < size) {
                if (cancelled) {
                    throw new IOException("hashing cancelled");
                }
                buffer.clear().limit((int) Math.min(buffer.capacity(), size - position));
                int n = file.read(buffer, position);
                if (n < 0) {
                    throw new EOFException("the file shrank while it was hashed");
                }
                buffer.flip();
                digest.update(buffer);
                position += n;
            }
            return HexFormat.of().formatHex(digest.digest());
        } finally {
            BUFFERS.give(buffer); // this thread was its only user
        }
    }
}
