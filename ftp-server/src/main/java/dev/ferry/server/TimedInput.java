package dev.ferry.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * The socket's input with the two kinds of timeout the protocol needs: a per-read timeout
 * (idle connection, stalled body) and an absolute deadline (the whole handshake, so a peer
 * dripping one byte at a time cannot hold a connection open).
 */
final class TimedInput extends InputStream {
    private final Socket socket;
    private final InputStream in;
    private long perReadMillis;
    private long deadlineNanos;
    private boolean hasDeadline;

    TimedInput(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /** Every read waits at most this long for a byte. */
    void perRead(java.time.Duration timeout) {
        perReadMillis = Math.max(1, timeout.toMillis());
        hasDeadline = false;
    }

    /** Every read ends by this absolute time. */
    void deadline(java.time.Duration fromNow) {
        deadlineNanos = System.nanoTime() + fromNow.toNanos();
        hasDeadline = true;
    }

    private void arm() throws IOException {
        long millis = perReadMillis;
        if (hasDeadline) {
            long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new SocketTimeoutException("deadline passed");
            }
            millis = left;
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, millis));
    }

    @Override
    public int read() throws IOException {
        arm();
        return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        arm();
        return in.read(b, off, len);
    }
}
