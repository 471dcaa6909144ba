package dev.ferry.client;

import dev.ferry.protocol.Entry;
import dev.ferry.protocol.FileType;
import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.FrameWriter;
import dev.ferry.protocol.Header;
import dev.ferry.protocol.Listing;
import dev.ferry.protocol.Request;
import dev.ferry.protocol.Response;
import dev.ferry.protocol.Scram;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake server that speaks the protocol but lies: it lists names that try to escape, sends
 * a wrong SHA-256, or (without the password) signs the login with garbage. Records every
 * request op it receives.
 */
final class HostileServer implements AutoCloseable {
    enum Lie { ESCAPING_NAMES, WRONG_SHA256, FAKE_SIGNATURE }

    static final String PASSWORD = "pw-of-alice";
    final List<String> opsReceived = new CopyOnWriteArrayList<>();
    private final ServerSocket listener;
    private final Lie lie;
    private final Scram.StoredCredentials credentials = Scram.credentials(PASSWORD, Scram.newSalt(), 4096);
    private final Thread thread;

    HostileServer(Lie lie) throws IOException {
        this.lie = lie;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.thread = Thread.ofVirtual().start(this::serve);
    }

    int port() {
        return listener.getLocalPort();
    }

    private void serve() {
        while (!listener.isClosed()) {
            try (Socket socket = listener.accept()) {
                handle(socket);
            } catch (IOException | RuntimeException e) {
                // next connection
            } catch (Exception e) {
                // a ProtocolException from a client we do not care about
            }
        }
    }

    private void handle(Socket socket) throws Exception {
        FrameReader reader = new FrameReader(new BufferedInputStream(socket.getInputStream()));
        FrameWriter writer = new FrameWriter(socket.getOutputStream());
        Header header;
        Request.Hello hello = null;
        String nonce = null;
        while ((header = reader.readHeader()) != null) {
            Request request = header.toRequest();
            opsReceived.add(request.op());
            switch (request) {
                case Request.Hello h -> {
                    hello = h;
                    nonce = h.nonce() + Scram.newNonce();
                    writer.write(new Response.HelloOk(1, nonce, credentials.saltBase64(), credentials.iterations(), "evil/1"));
                }
                case Request.Auth a -> {
                    String authMessage = Scram.authMessage(hello.user(), hello.nonce(), nonce, credentials.saltBase64(),
                            credentials.iterations(), null);
                    byte[] signature = lie == Lie.FAKE_SIGNATURE ? new byte[32]
                            : Scram.serverSignature(credentials.serverKey(), authMessage);
                    writer.write(new Response.AuthOk(Base64.getEncoder().encodeToString(signature)));
                }
                case Request.Stat s -> writer.write(s.path().contains("file")
                        ? new Response.StatOk("file.bin", FileType.FILE, 4, Instant.EPOCH, null)
                        : new Response.StatOk("tree", FileType.DIRECTORY, 0, Instant.EPOCH, null));
                case Request.ListFiles l -> {
                    byte[] body = Listing.encode(List.of(
                            new Entry("../escaped.txt", FileType.FILE, 4, Instant.EPOCH),
                            new Entry("..", FileType.DIRECTORY, 0, Instant.EPOCH)));
                    writer.writeUnflushed(new Response.ListOk(2, body.length));
                    writer.writeBody(body, 0, body.length);
                    writer.flush();
                }
                case Request.Download d -> {
                    writer.writeUnflushed(new Response.DownloadOk(4, "0".repeat(64), Instant.EPOCH));
                    writer.writeBody(new byte[] {1, 2, 3, 4}, 0, 4);
                    writer.flush();
                }
                case Request.Bye b -> {
                    writer.write(new Response.Ok());
                    return;
                }
                default -> writer.write(new Response.Error(dev.ferry.protocol.ErrorCode.FORBIDDEN, "no"));
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        thread.interrupt();
    }
}
