package dev.ferry.protocol;

import java.nio.ByteBuffer;

/**
 * Where a {@link ParallelDigest} gets its chunk buffers and where it gives them back: fresh
 * heap arrays ({@link #HEAP}), or a {@link DirectBufferPool} for bodies that move between a
 * channel and a file without passing through the heap.
 */
public interface ChunkBuffers {
    /** A buffer of at least {@code size} bytes (its limit is set by the caller). */
    ByteBuffer take(int size);

    /** Hands back a buffer from {@link #take} that nothing uses any more. */
    void give(ByteBuffer buffer);

    /** Heap arrays of the exact size asked, left to the garbage collector. */
    ChunkBuffers HEAP = new ChunkBuffers() {
        @Override
        public ByteBuffer take(int size) {
            return ByteBuffer.allocate(size);
        }

        @Override
        public void give(ByteBuffer buffer) {
        }
    };
}
