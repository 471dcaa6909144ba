package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.FrameWriter;
import dev.ferry.protocol.Header;
import dev.ferry.protocol.MessageCodec;
import dev.ferry.protocol.ProtocolException;
import dev.ferry.protocol.Request;
import dev.ferry.protocol.Response;
import dev.ferry.protocol.Scram;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A deliberately low-level protocol client for server tests: it can send any bytes, any
 * frame, and checks every answer itself. Written from PROTOCOL.md, not from the server.
 */
final class RawClient implements AutoCloseable {
    final Socket socket;
    final OutputStream out;
    final FrameWriter writer;
    final FrameReader reader;
    final InputStream in;

    RawClient(int port) throws IOException {
        this(new Socket(InetAddress.getLoopbackAddress(), port));
    }

    /** Over an already connected socket (a TLS one, say). */
    RawClient(Socket connected) throws IOException {
        socket = connected;
        socket.setSoTimeout(20_000); // a broken server fails the test instead of hanging it
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream());
        writer = new FrameWriter(out);
        reader = new FrameReader(in);
    }

    void login(String user, String password) throws Exception {
        login(user, password, null);
    }

    /** {@code binding}: the certificate hash for a TLS login, null on plain TCP. */
    void login(String user, String password, byte[] binding) throws Exception {
        String clientNonce = Scram.newNonce();
        Response first = request(new Request.Hello(1, user, clientNonce, "raw-test",
                binding == null ? null : Scram.CHANNEL_BINDING_TLS), Response.HelloOk.class);
        if (first instanceof Response.Error error) {
            throw ProtocolException.of(error);
        }
        Response.HelloOk hello = (Response.HelloOk) first;
        assertTrue(hello.nonce().startsWith(clientNonce), "server nonce starts with ours");
        byte[] salt = Base64.getDecoder().decode(hello.salt());
        byte[] salted = Scram.saltedPassword(password, salt, (int) hello.iterations());
        String authMessage = Scram.authMessage(user, clientNonce, hello.nonce(), hello.salt(), hello.iterations(), binding);
        Response answer = request(new Request.Auth(Base64.getEncoder().encodeToString(Scram.clientProof(salted, authMessage))),
                Response.AuthOk.class);
        if (answer instanceof Response.Error error) {
            throw ProtocolException.of(error);
        }
        byte[] expected = Scram.serverSignature(Scram.hmac(salted, "Server Key"), authMessage);
        assertTrue(Scram.constantTimeEquals(expected, Base64.getDecoder().decode(((Response.AuthOk) answer).signature())),
                "server proves it knows the password");
    }

    void send(Request request) throws IOException {
        writer.write(request);
    }

    /** Sends raw bytes (a hand-made frame, or garbage). */
    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void sendJson(String json) throws IOException {
        sendRaw(FrameWriter.frame(json.getBytes(StandardCharsets.UTF_8)));
    }

    Response read(Class<? extends Response> expected) throws IOException, ProtocolException {
        Header header = reader.readHeader();
        if (header == null) {
            throw new java.io.EOFException("server closed the connection");
        }
        return header.toResponse(expected);
    }

    Response request(Request request, Class<? extends Response> expected) throws IOException, ProtocolException {
        send(request);
        return read(expected);
    }

    /** Expects a success of the given type. */
    <T extends Response> T ok(Request request, Class<T> expected) throws IOException, ProtocolException {
        Response response = request(request, expected);
        if (response instanceof Response.Error e) {
            throw new AssertionError("expected success, got " + e.code() + ": " + e.message());
        }
        return expected.cast(response);
    }

    /** Expects an error with this code. */
    Response.Error error(Request request, ErrorCode code) throws IOException, ProtocolException {
        return expectError(request(request, Response.Ok.class), code);
    }

    static Response.Error expectError(Response response, ErrorCode code) {
        Response.Error error = assertInstanceOf(Response.Error.class, response, "expected " + code);
        assertEquals(code, error.code(), error.message());
        return error;
    }

    static void expectNoError(Response response) {
        if (response instanceof Response.Error e) {
            throw new AssertionError("expected success, got " + e.code() + ": " + e.message());
        }
    }

    Response.Error readError(ErrorCode code) throws IOException, ProtocolException {
        return expectError(read(Response.Ok.class), code);
    }

    /** Uploads a whole file in one go; returns the commit answer (or error). */
    Response upload(String path, byte[] content, boolean overwrite) throws IOException, ProtocolException {
        Response start = request(new Request.Upload(path, content.length, overwrite, true, null), Response.UploadOk.class);
        if (start instanceof Response.Error) {
            return start;
        }
        int offset = (int) ((Response.UploadOk) start).offset();
        out.write(content, offset, content.length - offset);
        return request(new Request.Commit(sha256(content)), Response.CommitOk.class);
    }

    void uploadOk(String path, byte[] content) throws IOException, ProtocolException {
        Response r = upload(path, content, false);
        if (r instanceof Response.Error e) {
            throw new AssertionError("upload failed: " + e.code() + ": " + e.message());
        }
    }

    byte[] download(String path) throws IOException, ProtocolException {
        Response r = request(new Request.Download(path, 0), Response.DownloadOk.class);
        if (r instanceof Response.Error e) {
            throw ProtocolException.of(e);
        }
        Response.DownloadOk ok = (Response.DownloadOk) r;
        byte[] body = new byte[(int) ok.size()];
        reader.readFully(body, 0, body.length);
        assertEquals(ok.sha256(), sha256(body), "download hash matches the bytes");
        return body;
    }

    /** True when the server has closed the connection (end of stream within the timeout). */
    boolean isClosedByServer() {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            return true; // reset counts as closed
        }
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] frameOf(String json) {
        return FrameWriter.frame(json.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] encode(Request request) {
        return FrameWriter.frame(MessageCodec.encode(request));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
