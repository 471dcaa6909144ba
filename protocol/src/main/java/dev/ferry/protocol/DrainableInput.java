package dev.ferry.protocol;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * A frame reader's buffered input that can hand what it holds to a body read. Bodies may then
 * continue straight from the socket's channel into a direct buffer, after the bytes that
 * arrived with the frame before them.
 */
public final class DrainableInput extends BufferedInputStream {
    public DrainableInput(InputStream in, int size) {
        super(in, size);
    }

    /** Moves buffered bytes into {@code into}, as many as fit; never reads the underlying stream. */
    public int drainTo(ByteBuffer into) {
        int n = Math.min(count - pos, into.remaining());
        if (n <= 0) {
            return 0;
        }
        into.put(buf, pos, n);
        pos += n;
        return n;
    }
}
