package dev.ferry.protocol;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Direct buffers of one size, reused. A channel reads into a direct buffer and a file is
 * written from one without the JDK copying through a temporary direct buffer, as it does for
 * every heap array; allocating them per body would leave their native memory to the garbage
 * collector's pace. At most {@code retained} free buffers are kept; more are allocated when
 * many bodies run at once and dropped when they come back. Every buffer starts on a
 * {@value #ALIGNMENT}-byte boundary, so that a file opened for direct I/O (O_DIRECT) can be
 * written from it.
 */
public final class DirectBufferPool implements ChunkBuffers {
    /** The address alignment of every buffer: a page, and a multiple of common disk block sizes. */
    public static final int ALIGNMENT = 4096;
    private final int capacity;
    private final int retained;
    private final ConcurrentLinkedQueue<ByteBuffer> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger freeCount = new AtomicInteger();

    public DirectBufferPool(int capacity, int retained) {
        if (capacity <= 0 || retained < 0) {
            throw new IllegalArgumentException("capacity " + capacity + ", retained " + retained);
        }
        this.capacity = capacity;
        this.retained = retained;
    }

    /** A cleared buffer of this pool's capacity; {@code size} may not exceed it. */
    @Override
    public ByteBuffer take(int size) {
        if (size > capacity) {
            throw new IllegalArgumentException("asked for " + size + " bytes from a pool of " + capacity + "-byte buffers");
        }
        ByteBuffer buffer = free.poll();
        if (buffer == null) {
            return allocateAligned(capacity);
        }
        freeCount.decrementAndGet();
        return buffer.clear();
    }

    @Override
    public void give(ByteBuffer buffer) {
        if (!buffer.isDirect() || buffer.capacity() != capacity) {
            throw new IllegalArgumentException("not a buffer of this pool");
        }
        if (freeCount.incrementAndGet() <= retained) {
            free.offer(buffer);
        } else {
            freeCount.decrementAndGet(); // dropped: the cleaner frees it
        }
    }

    private static ByteBuffer allocateAligned(int capacity) {
        return ByteBuffer.allocateDirect(capacity + ALIGNMENT).alignedSlice(ALIGNMENT).slice(0, capacity);
    }

    /** Free buffers held now (for tests). */
    int freeBuffers() {
        return freeCount.get();
    }
}
