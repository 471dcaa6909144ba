package dev.ferry.server;

import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.FrameWriter;
import dev.ferry.protocol.Header;
import dev.ferry.protocol.Request;
import dev.ferry.protocol.Response;
import dev.ferry.protocol.Scram;
import java.io.BufferedInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Proves the server speaks the protocol, not just that a port is open: sends a {@code hello}
 * and expects a well-formed challenge (or a well-formed refusal) carrying our nonce, then
 * leaves with {@code bye}. Needs no credentials; an abandoned login does not count as a
 * failure against the address.
 */
@Command(name = "health", mixinStandardHelpOptions = true, description = "Exit 0 when a server answers the protocol.")
final class HealthCommand implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "127.0.0.1") String host;
    @Option(names = "--port", defaultValue = "2121") int port;
    @Option(names = "--timeout", defaultValue = "5s", converter = DurationConverter.class) java.time.Duration timeout;
    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with defaults (port=...).") java.nio.file.Path config;
    @Option(names = "--tls", description = "The server speaks TLS (FERRY_TLS=true, as the server reads it).") boolean tls;

    @Override
    public Integer call() {
        try (Socket tcp = new Socket()) {
            int millis = (int) timeout.toMillis();
            tcp.connect(new InetSocketAddress(host, port), millis);
            tcp.setSoTimeout(millis);
            // A probe proves liveness and logs nobody in: the certificate is not checked.
            Socket socket = tls ? dev.ferry.protocol.ChannelBinding.connect(tcp, host) : tcp;
            FrameWriter writer = new FrameWriter(socket.getOutputStream());
            FrameReader reader = new FrameReader(new BufferedInputStream(socket.getInputStream()));
            String nonce = Scram.newNonce();
            writer.write(new Request.Hello(1, "health-check", nonce, "ftp-server-health",
                    tls ? Scram.CHANNEL_BINDING_TLS : null));
            Header header = reader.readHeader();
            Response response = header == null ? null : header.toResponse(Response.HelloOk.class);
            boolean healthy = response instanceof Response.HelloOk ok && ok.nonce().startsWith(nonce)
                    || response instanceof Response.Error;
            if (response instanceof Response.HelloOk) {
                writer.write(new Request.Bye());
            }
            System.out.println(healthy ? "healthy" : "unhealthy: unexpected answer");
            return healthy ? 0 : 1;
        } catch (Exception e) {
            System.out.println("unhealthy: " + e.getMessage());
            return 1;
        }
    }
}
