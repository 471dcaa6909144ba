package dev.ferry.server;

import com.sun.nio.file.ExtendedOpenOption;
import dev.ferry.protocol.DirectBufferPool;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Semaphore;

/**
 * Writes a large upload's body past the page cache (O_DIRECT). On this machine's disk,
 * copying 1 GiB into fresh page-cache pages cost the kernel ~2.0-2.2 CPU-s and the whole
 * write-plus-fsync 2.3-2.5 s; written direct in 1 MiB pieces, 0.14-0.18 CPU-s and 0.6 s
 * (bench/RESULTS.md). Pieces under 1 MiB lose that gain (256 KiB: 1.2 s), so bodies taking
 * this path are read in whole {@value #CHUNK}-byte chunks.
 *
 * <p>Only pieces that start and end on a {@value DirectBufferPool#ALIGNMENT}-byte boundary go
 * direct; the head of a resumed body and the tail go through the upload's ordinary channel.
 * When the file system refuses direct I/O, at the open or at a write, the rest of the body
 * goes through the page cache: nothing is lost, it is only slower. The commit's fsync stays
 * as it is: direct writes may sit in the disk's own cache until it.
 *
 * <p>Bodies under {@value #FROM_BYTES} bytes stay buffered: their page-cache copy costs
 * little, and 50 concurrent 10 MiB uploads (bench D) must fit in 256 MiB. At most
 * {@value #AT_ONCE} uploads write direct at once, each holding 4 chunks (32 MiB in all); one
 * that finds them all taken goes through the page cache, without waiting.
 * {@code -Dferry.upload.direct=false} turns it off (for comparisons).
 */
final class DirectWrites implements AutoCloseable {
    static final long FROM_BYTES = 64L << 20;
    static final int CHUNK = 1 << 20;
    private static final int AT_ONCE = 8;
    private static final Semaphore SLOTS = new Semaphore(AT_ONCE);
    static final DirectBufferPool CHUNKS = new DirectBufferPool(CHUNK, AT_ONCE * 4);
    private static final boolean ENABLED = !"false".equals(System.getProperty("ferry.upload.direct"));
    private static final DirectWrites OFF = new DirectWrites(null);

    private FileChannel direct; // null: every piece goes through the page cache

    private DirectWrites(FileChannel direct) {
        this.direct = direct;
    }

    /** For a body of {@code bytes} into {@code partial}; {@code directBuffers}: chunks are direct buffers. */
    static DirectWrites open(Path partial, long bytes, boolean directBuffers) {
        if (!ENABLED || !directBuffers || bytes < FROM_BYTES || !SLOTS.tryAcquire()) {
            return OFF;
        }
        try {
            return new DirectWrites(FileChannel.open(partial, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT));
        } catch (IOException | UnsupportedOperationException e) {
            SLOTS.release(); // tmpfs and some others: no O_DIRECT
            return OFF;
        }
    }

    /** True while pieces go direct: the caller then fills whole chunks of {@link #CHUNK} bytes. */
    boolean active() {
        return direct != null;
    }

    /**
     * How many bytes the chunk for the body's bytes from {@code position} should hold, of
     * {@code left} still to come: a whole chunk, or up to the next aligned position.
     */
    int chunkLength(long position, long left, int capacity) {
        long toAlignment = active() ? capacity - Math.floorMod(position, DirectBufferPool.ALIGNMENT) : capacity;
        return (int) Math.min(left, toAlignment);
    }

    /** Writes the chunk's remaining bytes at {@code position}, direct when it can; returns the position after them. */
    long write(FileChannel file, ByteBuffer chunk, long position) throws IOException {
        if (direct != null && aligned(position) && aligned(chunk.remaining())) {
            int start = chunk.position();
            try {
                return writeAll(direct, chunk, position);
            } catch (IOException e) {
                chunk.position(start); // refused here, or the disk failed: the page cache path tells which
                close();
            }
        }
        return writeAll(file, chunk, position);
    }

    private static long writeAll(FileChannel channel, ByteBuffer chunk, long position) throws IOException {
        long at = position;
        while (chunk.hasRemaining()) {
            at += channel.write(chunk, at);
        }
        return at;
    }

    private static boolean aligned(long value) {
        return value % DirectBufferPool.ALIGNMENT == 0;
    }

    @Override
    public void close() {
        if (direct == null) {
            return;
        }
        try {
            direct.close();
        } catch (IOException ignored) {
            // nothing buffered in it: its writes returned
        } finally {
            direct = null;
            SLOTS.release();
        }
    }
}
