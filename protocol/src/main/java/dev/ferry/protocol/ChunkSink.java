package dev.ferry.protocol;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Where a body's chunks are written: the remaining bytes of {@code chunk} at {@code position} in a file. */
@FunctionalInterface
public interface ChunkSink {
    /** Writes all of the chunk's remaining bytes; returns the position after them. */
    long write(ByteBuffer chunk, long position) throws IOException;
}
