package dev.ferry.server;

import dev.ferry.protocol.DrainableInput;
import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.FrameWriter;
import dev.ferry.protocol.Header;
import dev.ferry.protocol.ProtocolException;
import dev.ferry.protocol.Response;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import javax.net.ssl.SSLSocket;

/**
 * One connection's I/O: frames in and out over a blocking socket channel (streams for
 * frames, the channel itself for bodies: sendfile for downloads, reads into direct buffers
 * for uploads), or over TLS when configured (streams only: encryption needs the bytes in user
 * space), the read timeouts, and the progress stamp the stall watchdog reads while a body
 * moves on the channel itself.
 */
final class Wire implements AutoCloseable {
    private static final int BUFFER = 8192;

    final SocketChannel channel;
    /** null on plain TCP. */
    final SSLSocket tls;
    final TimedInput input;
    final FrameReader reader;
    final FrameWriter writer;
    private final DrainableInput buffered;
    private final BufferedOutputStream out;
    private volatile long bodySince; // 0 when no body moves on the channel
    private volatile boolean receivingBody;
    private volatile boolean stallStopped;
    private boolean secured;
    private volatile long lastProgress;

    Wire(SocketChannel channel, SSLSocket tls) throws IOException {
        this.channel = channel;
        this.tls = tls;
        Socket socket = tls != null ? tls : channel.socket();
        this.input = new TimedInput(socket);
        this.buffered = new DrainableInput(input, BUFFER);
        this.reader = new FrameReader(buffered);
        this.out = new BufferedOutputStream(socket.getOutputStream(), BUFFER);
        this.writer = new FrameWriter(out);
    }

    /**
     * True when bodies may move between file and channel without the heap: downloads by
     * sendfile, uploads by channel reads into direct buffers ({@link #readBody}).
     */
    boolean zeroCopy() {
        return tls == null;
    }

    /** Runs the TLS handshake (a no-op on plain TCP) within the given time. */
    void handshake(Duration timeout) throws IOException {
        if (tls != null) {
            tls.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            tls.startHandshake();
            secured = true;
        }
    }

    /**
     * False while a TLS handshake is unfinished: writing then would restart the handshake and
     * block for another timeout, so a failed TLS peer is just closed (the spec allows it).
     */
    boolean canAnswer() {
        return tls == null || secured;
    }

    String remote() {
        try {
            InetSocketAddress a = (InetSocketAddress) channel.getRemoteAddress();
            return a == null ? "?" : a.getAddress().getHostAddress() + ":" + a.getPort();
        } catch (IOException e) {
            return "?";
        }
    }

    Header read(Duration perReadTimeout) throws IOException, ProtocolException {
        input.perRead(perReadTimeout);
        return reader.readHeader();
    }

    void send(Response response) throws IOException {
        writer.write(response);
    }

    /** Flushes buffered frames so a body can follow on the channel itself. */
    void flush() throws IOException {
        out.flush();
    }

    /**
     * Reads upload body bytes into the buffer's remaining space and returns how many (at least
     * one). On TLS through the frame reader (the buffer must then be a heap one); on plain TCP
     * first what the frame reader already holds, then straight from the channel, which has no
     * read timeout: the stall watchdog ends a read that waits too long ({@link #stopStalledBody}),
     * and it ends as a timed read would, with a SocketTimeoutException.
     */
    int readBody(ByteBuffer into) throws IOException {
        if (tls != null) {
            return reader.readSome(into);
        }
        int n = buffered.drainTo(into);
        if (n > 0) {
            return n;
        }
        n = channel.read(into);
        if (n < 0) {
            if (stallStopped) {
                throw new SocketTimeoutException("no body byte arrived in time");
            }
            throw new EOFException("connection closed inside a body");
        }
        lastProgress = System.nanoTime();
        return n;
    }

    /** A download body starts going out on the channel: the watchdog now watches it. */
    void bodyStarted() {
        lastProgress = System.nanoTime();
        receivingBody = false;
        bodySince = lastProgress;
    }

    /** An upload body starts coming in by {@link #readBody}: on plain TCP the watchdog now watches it. */
    void receiveStarted() {
        if (tls == null) {
            lastProgress = System.nanoTime();
            receivingBody = true;
            bodySince = lastProgress;
        }
    }

    void bodyProgress() {
        lastProgress = System.nanoTime();
    }

    void bodyFinished() {
        bodySince = 0;
    }

    /** True when a body moves on the channel and has made no progress for {@code timeout}. */
    boolean stalled(Duration timeout, long now) {
        return bodySince != 0 && now - lastProgress > timeout.toNanos();
    }

    /**
     * Ends a stalled body. A send is closed: nothing more can be said on that connection. A
     * receive has its input shut, so the blocked read returns and the connection can still
     * answer {@code TIMEOUT} before it closes.
     */
    void stopStalledBody() {
        if (receivingBody) {
            stallStopped = true;
            shutdownInput();
        } else {
            close();
        }
    }

    /** Stops reading: a blocked read returns end of stream (used at shutdown). */
    void shutdownInput() {
        try {
            channel.shutdownInput();
        } catch (IOException ignored) {
            // already closed
        }
    }

    /**
     * Closes after an error sent while the peer may still be writing a body: half-close and
     * discard what arrives for a moment, so the peer reads our error instead of a reset.
     */
    void lingeringClose() {
        if (tls != null) {
            close(); // TLS has no half-close to offer
            return;
        }
        try {
            channel.shutdownOutput();
            input.deadline(Duration.ofSeconds(2));
            byte[] sink = new byte[BUFFER];
            long budget = 64L << 20;
            int n;
            while (budget > 0 && (n = input.read(sink, 0, sink.length)) >= 0) {
                budget -= n;
            }
        } catch (IOException ignored) {
            // peer gone or timed out: nothing more to do
        }
        close();
    }

    @Override
    public void close() {
        try {
            if (tls != null) {
                tls.close();
            }
            channel.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
