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
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake server that speaks the protocol but lies or misbehaves: it lists names that try to
 * escape, sends a wrong SHA-256, (without the password) signs the login with garbage, holds
 * its download answers until three requests are waiting, holds each commit's answer until the
 * next upload request arrives (for all but the third upload), drops the first connection
 * after one download, or stops sending in the middle of a large download body (and keeps the
 * connection open). Records every request op it receives, and the paths downloaded.
 */
final class HostileServer implements AutoCloseable {
    enum Lie { ESCAPING_NAMES, WRONG_SHA256, FAKE_SIGNATURE, HOLDS_ANSWERS_FOR_THREE, DROPS_AFTER_ONE_DOWNLOAD,
        HOLDS_COMMIT_ANSWERS, STALLS_MID_BODY }

    /** STALLS_MID_BODY by default: the size it announces, and how many of those bytes it sends before it goes quiet. */
    static final int STALLED_SIZE = 6 << 20;
    static final int STALLED_AFTER = 5 << 20;

    /** What every file served honestly holds; "tree" lists three of them. */
    static final byte[] CONTENT = {1, 2, 3, 4};
    static final List<String> TREE = List.of("a.bin", "b.bin", "c.bin");

    static final String PASSWORD = "pw-of-alice";
    final List<String> opsReceived = new CopyOnWriteArrayList<>();
    /** "connection number: path" for every download answered. */
    final List<String> downloadsAnswered = new CopyOnWriteArrayList<>();
    private int connections;
    private final ServerSocket listener;
    private final Lie lie;
    private final Scram.StoredCredentials credentials = Scram.credentials(PASSWORD, Scram.newSalt(), 4096);
    private final Thread thread;
    private final long stalledSize;
    private final int stalledAfter;

    HostileServer(Lie lie) throws IOException {
        this(lie, STALLED_SIZE, STALLED_AFTER);
    }

    /** STALLS_MID_BODY announcing {@code stalledSize} bytes and going quiet after {@code stalledAfter}. */
    HostileServer(Lie lie, long stalledSize, int stalledAfter) throws IOException {
        this.lie = lie;
        this.stalledSize = stalledSize;
        this.stalledAfter = stalledAfter;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.thread = Thread.ofVirtual().start(this::serve);
    }

    int port() {
        return listener.getLocalPort();
    }

    private void serve() {
        while (!listener.isClosed()) {
            try (Socket socket = listener.accept()) {
                connections++;
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
        List<Request.Download> held = new java.util.ArrayList<>();
        Request.Commit heldCommit = null;
        int commits = 0;
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
                    byte[] body = Listing.encode(lie == Lie.ESCAPING_NAMES
                            ? List.of(new Entry("../escaped.txt", FileType.FILE, 4, Instant.EPOCH),
                                    new Entry("..", FileType.DIRECTORY, 0, Instant.EPOCH))
                            : TREE.stream().map(name -> new Entry(name, FileType.FILE, CONTENT.length, Instant.EPOCH)).toList());
                    writer.writeUnflushed(new Response.ListOk(lie == Lie.ESCAPING_NAMES ? 2 : TREE.size(), body.length));
                    writer.writeBody(body, 0, body.length);
                    writer.flush();
                }
                case Request.Download d -> {
                    if (lie == Lie.STALLS_MID_BODY) {
                        writer.writeUnflushed(new Response.DownloadOk(stalledSize, "0".repeat(64), Instant.EPOCH));
                        byte[] part = new byte[stalledAfter];
                        writer.writeBody(part, 0, part.length);
                        writer.flush();
                        socket.getInputStream().read(); // quiet until the client gives up and closes
                        return;
                    }
                    held.add(d);
                    if (lie == Lie.HOLDS_ANSWERS_FOR_THREE && held.size() < 3) {
                        continue; // a client that waits for each answer before the next request waits forever
                    }
                    for (Request.Download waiting : held) {
                        String sha256 = lie == Lie.WRONG_SHA256 ? "0".repeat(64) : HexFormat.of().formatHex(
                                MessageDigest.getInstance("SHA-256").digest(CONTENT));
                        writer.writeUnflushed(new Response.DownloadOk(CONTENT.length, sha256, Instant.EPOCH));
                        writer.writeBody(CONTENT, 0, CONTENT.length);
                        writer.flush();
                        downloadsAnswered.add(connections + ": " + waiting.path());
                    }
                    held.clear();
                    if (lie == Lie.DROPS_AFTER_ONE_DOWNLOAD && connections == 1) {
                        return; // with more requests unanswered
                    }
                }
                case Request.Upload u -> {
                    if (heldCommit != null) {
                        writer.write(new Response.CommitOk(CONTENT.length, heldCommit.sha256()));
                        heldCommit = null;
                    }
                    writer.write(new Response.UploadOk(0));
                    reader.readFully(new byte[(int) u.size()], 0, (int) u.size());
                }
                case Request.Commit c -> {
                    commits++;
                    if (lie == Lie.HOLDS_COMMIT_ANSWERS && commits < 3) {
                        heldCommit = c; // a client that waits for this answer before the next upload waits forever
                    } else {
                        writer.write(new Response.CommitOk(CONTENT.length, c.sha256()));
                    }
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
