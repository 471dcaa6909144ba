package dev.ferry.server;

import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.FrameWriter;
import dev.ferry.protocol.Header;
import dev.ferry.protocol.ProtocolException;
import dev.ferry.protocol.Response;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import javax.net.ssl.SSLSocket;

/**
 * One connection's I/O: frames in and out over a blocking socket channel (streams for
 * frames, the channel itself for zero-copy download bodies), or over TLS when configured
 * (streams only: encryption needs the bytes in user space), the read timeouts, and the
 * progress stamp the stall watchdog reads while a download body is being sent.
 */
final class Wire implements AutoCloseable {
    private static final int BUFFER = 8192;

    final SocketChannel channel;
    /** null on plain TCP. */
    final SSLSocket tls;
    final TimedInput input;
    final FrameReader reader;
    final FrameWriter writer;
    private final BufferedOutputStream out;
    private volatile long sendingSince; // 0 when not sending a body
    private boolean secured;
    private volatile long lastProgress;

    Wire(SocketChannel channel, SSLSocket tls) throws IOException {
        this.channel = channel;
        this.tls = tls;
        Socket socket = tls != null ? tls : channel.socket();
        this.input = new TimedInput(socket);
        this.reader = new FrameReader(new BufferedInputStream(input, BUFFER));
        this.out = new BufferedOutputStream(socket.getOutputStream(), BUFFER);
        this.writer = new FrameWriter(out);
    }

    /** True when download bodies may go straight from the file to the socket (sendfile). */
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

    void bodyStarted() {
        lastProgress = System.nanoTime();
        sendingSince = lastProgress;
    }

    void bodyProgress() {
        lastProgress = System.nanoTime();
    }

    void bodyFinished() {
        sendingSince = 0;
    }

    /** True when a body is being sent and has made no progress for {@code timeout}. */
    boolean stalled(Duration timeout, long now) {
        return sendingSince != 0 && now - lastProgress > timeout.toNanos();
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
