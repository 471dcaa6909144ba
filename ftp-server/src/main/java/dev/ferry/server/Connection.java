package dev.ferry.server;

import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Header;
import dev.ferry.protocol.ProtocolException;
import dev.ferry.protocol.RemotePath;
import dev.ferry.protocol.Request;
import dev.ferry.protocol.Response;
import dev.ferry.protocol.Scram;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One client connection on its own virtual thread: the handshake (PROTOCOL.md §2), then
 * requests until {@code bye}, end of stream, a timeout or an error that closes. Operations
 * throw; this loop answers. Only a broken frame, a failed body or a closing code ends it.
 */
final class Connection implements Runnable {
    private final FerryServer server;
    private final Wire wire;
    private final InetAddress address;
    private final String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private final String remote;
    private volatile boolean busy;
    private volatile boolean authenticated;
    private User user;

    /** Ends the connection after an answer that closes it. */
    private static final class Close extends Exception {
        Close() {
            super(null, null, false, false);
        }
    }

    Connection(FerryServer server, Wire wire, InetAddress address) {
        this.server = server;
        this.wire = wire;
        this.address = address;
        this.remote = wire.remote();
    }

    Wire wire() {
        return wire;
    }

    InetAddress address() {
        return address;
    }

    boolean isBusy() {
        return busy;
    }

    boolean isAuthenticated() {
        return authenticated;
    }

    @Override
    public void run() {
        long started = System.nanoTime();
        EventLog log = server.log();
        log.debug("connect", "session", id, "addr", remote);
        String end = "closed";
        try {
            if (handshake()) {
                serve();
            }
        } catch (Close e) {
            end = "closed by server";
        } catch (SocketTimeoutException e) {
            end = "timeout";
            answerQuietly(new ProtocolException(ErrorCode.TIMEOUT, authenticated
                    ? "no request or body byte arrived in time; connection closed"
                    : "the handshake did not finish in time; connection closed"));
        } catch (EOFException | ClosedChannelException e) {
            end = "peer closed mid-frame";
        } catch (IOException e) {
            end = "i/o error: " + e.getMessage();
            log.debug("connection-error", "session", id, "addr", remote, "error", e.toString());
        } catch (RuntimeException e) {
            end = "internal error";
            log.warn("bug", e, "session", id, "user", user == null ? null : user.name(), "addr", remote);
            answerQuietly(new ProtocolException(ErrorCode.INTERNAL, "the server hit an internal error; connection closed"));
        } finally {
            wire.close();
            server.connectionEnded(this, user);
            log.info("disconnect", "session", id, "user", user == null ? null : user.name(), "addr", remote,
                    "ms", (System.nanoTime() - started) / 1_000_000, "result", end);
        }
    }

    // ---- handshake ----

    /** @return true once authenticated; false when the client left politely (bye). */
    private boolean handshake() throws IOException, Close {
        wire.handshake(server.limits().handshakeTimeout()); // TLS first, when configured
        wire.input.deadline(server.limits().handshakeTimeout());
        Authenticator.Challenge challenge = null;
        while (true) {
            Header header = readHandshakeFrame();
            if (header == null) {
                return false;
            }
            String op = opOrClose(header);
            switch (op) {
                case "bye" -> {
                    wire.send(new Response.Ok());
                    return false;
                }
                case "hello" -> {
                    if (challenge != null) {
                        closeWith(new ProtocolException(ErrorCode.BAD_REQUEST, "hello was already sent"));
                    }
                    Request.Hello hello = (Request.Hello) decodeOrClose(header);
                    challenge = answerHello(hello);
                }
                case "auth" -> {
                    if (challenge == null) {
                        closeWith(new ProtocolException(ErrorCode.BAD_REQUEST, "auth must follow hello"));
                    }
                    Request.Auth auth = (Request.Auth) decodeOrClose(header);
                    finishAuth(challenge, auth);
                    return true;
                }
                default -> closeWith(new ProtocolException(ErrorCode.AUTH_REQUIRED, "log in first (hello, auth)"));
            }
        }
    }

    private Header readHandshakeFrame() throws IOException, Close {
        try {
            return wire.reader.readHeader();
        } catch (ProtocolException e) {
            closeWith(e);
            return null;
        }
    }

    private String opOrClose(Header header) throws IOException, Close {
        try {
            return header.op();
        } catch (ProtocolException e) {
            closeWith(e);
            return null;
        }
    }

    private Request decodeOrClose(Header header) throws Close, IOException {
        try {
            return header.toRequest();
        } catch (ProtocolException e) {
            closeWith(e);
            return null;
        }
    }

    private Authenticator.Challenge answerHello(Request.Hello hello) throws IOException, Close {
        long wait = server.throttle().retryAfterSeconds(address);
        if (wait > 0) {
            closeWith(ProtocolException.retryAfter(ErrorCode.RATE_LIMITED,
                    "too many failed logins from your address; try again in " + wait + " s", wait));
        }
        if (hello.version() != 1) {
            closeWith(ProtocolException.unsupportedVersion(java.util.List.of(1)));
        }
        byte[] binding = null;
        if (server.tls() == null && hello.channelBinding() != null) {
            // This server speaks plain TCP: there is no channel to bind to.
            failLogin(hello.user(), "channel binding is not available on this connection");
        } else if (server.tls() != null) {
            if (!Scram.CHANNEL_BINDING_TLS.equals(hello.channelBinding())) {
                // No downgrade: a TLS login must be bound to this server's certificate.
                failLogin(hello.user(), "a TLS login must use channel binding " + Scram.CHANNEL_BINDING_TLS);
            }
            binding = server.tls().channelBinding();
        }
        Authenticator.Challenge challenge = server.authenticator().challenge(hello, binding);
        wire.send(new Response.HelloOk(1, challenge.nonce(), challenge.saltBase64(),
                challenge.credentials().iterations(), FerryServer.SERVER_NAME));
        return challenge;
    }

    private void finishAuth(Authenticator.Challenge challenge, Request.Auth auth)
            throws IOException, Close {
        byte[] signature = server.authenticator().verify(challenge, auth.proof());
        if (signature == null) {
            failLogin(challenge.name(), "wrong user name or password");
        }
        User who = challenge.user();
        if (!server.sessionStarted(who.name())) {
            closeWith(new ProtocolException(ErrorCode.TOO_MANY_CONNECTIONS,
                    "user " + who.name() + " already has the maximum number of sessions"));
        }
        user = who;
        authenticated = true;
        server.authenticated(this);
        wire.send(new Response.AuthOk(Base64.getEncoder().encodeToString(signature)));
        server.log().info("login", "session", id, "user", who.name(), "addr", remote);
    }

    private void failLogin(String name, String why) throws IOException, Close {
        server.throttle().recordFailure(address);
        server.log().info("login-failed", "session", id, "user", name, "addr", remote, "reason", why);
        closeWith(new ProtocolException(ErrorCode.AUTH_FAILED, "authentication failed: wrong user name or password"));
    }

    // ---- authenticated session ----

    private void serve() throws IOException, Close {
        Session session = server.openSession(user);
        while (!server.isStopping()) {
            Header header;
            try {
                header = wire.read(server.limits().idleTimeout());
            } catch (ProtocolException e) {
                closeWith(e); // BAD_FRAME
                return;
            }
            if (header == null) {
                return;
            }
            busy = true;
            try {
                if (!handle(session, header)) {
                    return;
                }
            } finally {
                busy = false;
            }
        }
    }

    /** @return false when the session ends (bye). */
    private boolean handle(Session session, Header header) throws IOException, Close {
        long started = System.nanoTime();
        Request request;
        try {
            request = header.toRequest();
        } catch (ProtocolException e) {
            answer(e);
            return true;
        }
        try {
            Response response = switch (request) {
                case Request.Hello r -> throw new ProtocolException(ErrorCode.BAD_REQUEST, "already logged in");
                case Request.Auth r -> throw new ProtocolException(ErrorCode.BAD_REQUEST, "already logged in");
                case Request.Commit r -> throw new ProtocolException(ErrorCode.BAD_REQUEST, "commit without an upload");
                case Request.Bye r -> {
                    wire.send(new Response.Ok());
                    yield null;
                }
                case Request.Upload r -> {
                    upload(session, r, started);
                    yield null;
                }
                case Request.Download r -> {
                    long sent = session.downloads().send(wire, r);
                    transferLog("download", r.path(), sent, started, "ok");
                    yield null;
                }
                case Request.ListFiles r -> {
                    FileOperations.ListingBody listing = files(r, () -> session.operations().list(RemotePath.parse(r.path())));
                    wire.writer.writeUnflushed(new Response.ListOk(listing.count(), listing.bytes().length));
                    wire.writer.writeBody(listing.bytes(), 0, listing.bytes().length);
                    wire.flush();
                    yield null;
                }
                case Request.Stat r -> session.operations().stat(RemotePath.parse(r.path()));
                case Request.Mkdir r -> {
                    requireWritable();
                    yield files(r, () -> session.operations().mkdir(RemotePath.parse(r.path())));
                }
                case Request.Delete r -> files(r, () -> {
                    requireWritable();
                    session.operations().delete(RemotePath.parse(r.path()), r.recursive());
                    return new Response.Ok();
                });
                case Request.Rename r -> files(r, () -> {
                    requireWritable();
                    session.operations().rename(RemotePath.parse(r.path()), RemotePath.parse(r.to()), r.overwrite());
                    return new Response.Ok();
                });
                case Request.Usage r -> files(r, session::usage);
            };
            if (response != null) {
                wire.send(response);
                opLog(request, started, "ok");
            }
            return !(request instanceof Request.Bye);
        } catch (ProtocolException e) {
            opLog(request, started, e.code().name());
            answer(e);
            return true;
        } catch (UploadReceiver.BodyFailure e) {
            opLog(request, started, e.answer.code().name());
            answerQuietly(e.answer);
            wire.lingeringClose();
            throw new Close();
        }
    }

    /** A file-system step of an operation: its I/O errors become wire codes here, in one place. */
    private interface FileStep<T> {
        T run() throws IOException, ProtocolException;
    }

    private <T> T files(Request request, FileStep<T> step) throws ProtocolException {
        try {
            return step.run();
        } catch (IOException e) {
            ProtocolException mapped = Failures.toProtocol(e);
            if (mapped.code() == ErrorCode.INTERNAL) {
                server.log().warn("file-error", e, "session", id, "user", user.name(), "op", request.op());
            }
            throw mapped;
        }
    }

    private void upload(Session session, Request.Upload r, long started) throws ProtocolException, IOException,
            UploadReceiver.BodyFailure, Close {
        UploadReceiver.Outcome outcome = session.uploads().receive(wire, r);
        if (outcome == null) {
            transferLog("upload", r.path(), -1, started, "incomplete");
            throw new Close();
        }
        wire.send(new Response.CommitOk(r.size(), outcome.sha256()));
        transferLog("upload", r.path(), outcome.received(), started, "ok");
    }

    private void requireWritable() throws ProtocolException {
        if (user.readOnly()) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "this account is read-only");
        }
    }

    // ---- answers ----

    private void answer(ProtocolException e) throws IOException, Close {
        wire.send(e.toResponse());
        if (e.code().alwaysCloses()) {
            throw new Close();
        }
    }

    private void closeWith(ProtocolException e) throws IOException, Close {
        server.log().debug("refused", "session", id, "addr", remote, "error", e.code(), "message", e.getMessage());
        wire.send(e.toResponse());
        throw new Close();
    }

    private void answerQuietly(ProtocolException e) {
        if (!wire.canAnswer()) {
            return;
        }
        try {
            wire.send(e.toResponse());
        } catch (IOException ignored) {
            // the peer is gone; nothing to tell
        }
    }

    private void opLog(Request request, long started, String result) {
        server.log().info("op", "session", id, "user", user.name(), "addr", remote, "op", request.op(),
                "path", pathOf(request), "ms", (System.nanoTime() - started) / 1_000_000, "result", result);
    }

    private void transferLog(String op, String path, long bytes, long started, String result) {
        server.log().info("transfer", "session", id, "user", user.name(), "addr", remote, "op", op, "path", path,
                "bytes", bytes < 0 ? null : bytes, "ms", (System.nanoTime() - started) / 1_000_000, "result", result);
    }

    private static String pathOf(Request request) {
        return switch (request) {
            case Request.ListFiles r -> r.path();
            case Request.Stat r -> r.path();
            case Request.Download r -> r.path();
            case Request.Upload r -> r.path();
            case Request.Mkdir r -> r.path();
            case Request.Delete r -> r.path();
            case Request.Rename r -> r.path() + " -> " + r.to();
            default -> null;
        };
    }
}
