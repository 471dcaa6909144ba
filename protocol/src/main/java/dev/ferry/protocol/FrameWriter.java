package dev.ferry.protocol;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes frames (see {@link FrameReader} for the layout). The length is checked again here:
 * a header over the limit is our own bug, never something to send.
 */
public final class FrameWriter {
    private final OutputStream out;

    public FrameWriter(OutputStream out) {
        this.out = out;
    }

    /** Writes one message as a frame and flushes it. */
    public void write(Message message) throws IOException {
        writeHeader(MessageCodec.encode(message));
        out.flush();
    }

    /** Writes one message without flushing: a body or more frames follow. */
    public void writeUnflushed(Message message) throws IOException {
        writeHeader(MessageCodec.encode(message));
    }

    /** Writes an already encoded header, as a frame, without flushing. */
    public void writeHeader(byte[] json) throws IOException {
        out.write(frame(json));
    }

    /** The frame bytes for an encoded header: length prefix and header in one array. */
    public static byte[] frame(byte[] json) {
        if (json.length == 0 || json.length > Header.MAX_LENGTH) {
            throw new IllegalArgumentException("header of " + json.length + " bytes is outside 1.." + Header.MAX_LENGTH);
        }
        byte[] frame = new byte[4 + json.length];
        frame[0] = (byte) (json.length >>> 24);
        frame[1] = (byte) (json.length >>> 16);
        frame[2] = (byte) (json.length >>> 8);
        frame[3] = (byte) json.length;
        System.arraycopy(json, 0, frame, 4, json.length);
        return frame;
    }

    public void writeBody(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
    }

    public void flush() throws IOException {
        out.flush();
    }
}
