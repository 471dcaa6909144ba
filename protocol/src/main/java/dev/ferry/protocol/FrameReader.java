package dev.ferry.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Reads frames from a byte stream.
 *
 * <pre>
 * +---------------------+---------------------------+-------------------------------+
 * | u32, big-endian: H  | H bytes: header           | body: only where the header   |
 * | 1 &lt;= H &lt;= 65536     | one UTF-8 JSON object     | declares one                  |
 * +---------------------+---------------------------+-------------------------------+
 * </pre>
 *
 * H is checked before anything is allocated, and no more than H bytes are allocated for a
 * header. End of stream exactly between frames is a clean end ({@code null}); end of stream
 * inside a frame or a body is an {@link EOFException}.
 */
public final class FrameReader {
    private final InputStream in;

    /** @param in the peer's stream, preferably buffered: the reader issues small reads. */
    public FrameReader(InputStream in) {
        this.in = in;
    }

    /** The next frame's header, or {@code null} when the stream ends between frames. */
    public Header readHeader() throws IOException, ProtocolException {
        int length = readLength();
        if (length < 0) {
            return null;
        }
        byte[] json = new byte[length];
        readFully(json, 0, length);
        return Header.parse(json);
    }

    private int readLength() throws IOException, ProtocolException {
        int first = in.read();
        if (first < 0) {
            return -1;
        }
        long length = first;
        for (int i = 1; i < 4; i++) {
            int next = in.read();
            if (next < 0) {
                throw new EOFException("connection closed inside a frame's length");
            }
            length = (length << 8) | next;
        }
        if (length == 0) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "frame header length is 0");
        }
        if (length > Header.MAX_LENGTH) {
            throw new ProtocolException(ErrorCode.BAD_FRAME,
                    "frame header length " + length + " exceeds the limit of " + Header.MAX_LENGTH + " bytes");
        }
        return (int) length;
    }

    /** Reads exactly {@code length} body bytes into the buffer. */
    public void readFully(byte[] buffer, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            int n = in.read(buffer, offset + done, length - done);
            if (n < 0) {
                throw new EOFException("connection closed inside a frame (" + done + " of " + length + " bytes)");
            }
            done += n;
        }
    }

    /**
     * Reads between 1 and {@code max} body bytes: whatever is available, blocking for at
     * least one. The caller knows the body's length, so end of stream here is an error.
     */
    public int readSome(byte[] buffer, int offset, int max) throws IOException {
        int n = in.read(buffer, offset, max);
        if (n < 0) {
            throw new EOFException("connection closed inside a body");
        }
        return n;
    }

    /** The same into a heap buffer's remaining space, advancing its position. */
    public int readSome(ByteBuffer heap) throws IOException {
        int n = readSome(heap.array(), heap.arrayOffset() + heap.position(), heap.remaining());
        heap.position(heap.position() + n);
        return n;
    }

    /** Reads and discards exactly {@code length} body bytes. */
    public void skip(long length, byte[] scratch) throws IOException {
        long left = length;
        while (left > 0) {
            left -= readSome(scratch, 0, (int) Math.min(scratch.length, left));
        }
    }
}
