package dev.ferry.protocol;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Semaphore;

/**
 * Writes a large body into its file past the page cache (O_DIRECT): the server's uploads, the
 * client's downloads. On the test VM, copying 1 GiB into fresh page-cache pages cost the
 * kernel ~2.0-2.2 CPU-s and the whole write-plus-fsync 2.3-2.5 s; written direct in 1 MiB
 * pieces, 0.14-0.18 CPU-s and 0.6 s (bench/RESULTS.md). Small pieces lose that gain (256 KiB:
 * 1.2 s), and larger ones cost less around each piece: 4 MiB chunks instead of 1 MiB cut the
 * server's CPU per GiB uploaded from 1.27-1.37 to 0.99-1.13 s and the client's per GiB
 * downloaded from 1.42 to 1.12 s (8 MiB: no better). So bodies taking this path are read in
 * whole {@value #CHUNK}-byte chunks ({@link #fill}).
 *
 * <p>Only pieces that start and end on a {@value DirectBufferPool#ALIGNMENT}-byte boundary go
 * direct; the head of a resumed body and the tail go through the body's ordinary channel.
 * When the file system refuses direct I/O, at the open or at a write, the rest of the body
 * goes through the page cache: nothing is lost, it is only slower. A caller that needs the
 * bytes durable still forces the file: direct writes may sit in the disk's own cache.
 *
 * <p>Bodies under {@value #FROM_BYTES} bytes stay buffered: their page-cache copy costs
 * little, and the server's 50 concurrent 10 MiB uploads (bench D) must fit in 256 MiB. At most
 * {@value #AT_ONCE} bodies per process write direct at once, each holding 4 chunks (64 MiB in
 * all); one that finds them all taken goes through the page cache, without waiting.
 * {@code -Dferry.direct=false} turns it off (for comparisons).
 */
public final class DirectWrites implements AutoCloseable {
    public static final long FROM_BYTES = 64L << 20;
    public static final int CHUNK = 4 << 20;
    private static final int AT_ONCE = 4;
    private static final Semaphore SLOTS = new Semaphore(AT_ONCE);
    private static final DirectBufferPool CHUNKS = new DirectBufferPool(CHUNK, AT_ONCE * 4);
    private static final boolean ENABLED = !"false".equals(System.getProperty("ferry.direct"));
    private static final DirectWrites OFF = new DirectWrites(null);

    /** Where a body's bytes come from: a read of at least one byte into the buffer's free space. */
    @FunctionalInterface
    public interface Source {
        int read(ByteBuffer into) throws IOException;
    }

    private FileChannel direct; // null: every piece goes through the page cache

    private DirectWrites(FileChannel direct) {
        this.direct = direct;
    }

    /**
     * For a body of {@code bytes} into {@code file}; {@code directBuffers}: its chunks can be
     * direct buffers (a plain TCP channel, not TLS).
     */
    public static DirectWrites open(Path file, long bytes, boolean directBuffers) {
        if (!ENABLED || !directBuffers || bytes < FROM_BYTES || !SLOTS.tryAcquire()) {
            return OFF;
        }
        try {
            return new DirectWrites(FileChannel.open(file, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT));
        } catch (IOException | UnsupportedOperationException e) {
            SLOTS.release(); // tmpfs before Linux 6.6, and others: no O_DIRECT
            return OFF;
        }
    }

    /** True while pieces go direct: chunks then come from {@link #chunks} and are filled whole. */
    public boolean active() {
        return direct != null;
    }

    /** The chunk size for the body, given the size used when not direct. */
    public int chunkSize(int buffered) {
        return active() ? CHUNK : buffered;
    }

    /** The buffers for the body's chunks, given those used when not direct. */
    public ChunkBuffers chunks(ChunkBuffers buffered) {
        return active() ? CHUNKS : buffered;
    }

    /**
     * Sets the chunk's limit for the body's bytes from {@code position}, {@code left} of them
     * still to come: a whole chunk, or up to the next aligned position.
     */
    public void limit(ByteBuffer chunk, long position, long left) {
        long room = chunk.limit();
        if (active()) {
            room -= Math.floorMod(position, DirectBufferPool.ALIGNMENT);
        }
        chunk.limit((int) Math.min(left, room));
    }

    /**
     * Reads from {@code source} into the chunk: what one read gives, or the whole chunk when
     * writes go direct. When the read fails meanwhile, what did arrive is given to
     * {@code salvage} at {@code position} before the failure goes on, so that a resume finds it.
     */
    public int fill(Source source, ByteBuffer chunk, ChunkSink salvage, long position) throws IOException {
        int n = 0;
        try {
            do {
                n += source.read(chunk);
            } while (active() && chunk.hasRemaining());
            return n;
        } catch (IOException e) {
            if (n > 0) {
                try {
                    salvage.write(chunk.flip(), position);
                } catch (IOException lost) {
                    e.addSuppressed(lost);
                }
            }
            throw e;
        }
    }

    /** Writes the chunk's remaining bytes at {@code position}, direct when it can; returns the position after them. */
    public long write(FileChannel file, ByteBuffer chunk, long position) throws IOException {
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
