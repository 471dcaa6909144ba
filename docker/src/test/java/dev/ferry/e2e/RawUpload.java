package dev.ferry.e2e;

import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.FrameWriter;
import dev.ferry.protocol.Header;
import dev.ferry.protocol.Request;
import dev.ferry.protocol.Response;
import dev.ferry.protocol.Scram;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.Socket;
import java.util.Base64;

/** A protocol-level client that starts an upload and stops sending mid-body, on purpose. */
final class RawUpload implements AutoCloseable {
    private final Socket socket;
    private final FrameWriter writer;
    private final FrameReader reader;

    RawUpload(String host, int port, String user, String password) throws Exception {
        socket = new Socket(host, port);
        socket.setSoTimeout(30_000);
        writer = new FrameWriter(socket.getOutputStream());
        reader = new FrameReader(new BufferedInputStream(socket.getInputStream()));
        String clientNonce = Scram.newNonce();
        Response.HelloOk hello = (Response.HelloOk) call(new Request.Hello(1, user, clientNonce, "e2e", null), Response.HelloOk.class);
        byte[] salted = Scram.saltedPassword(password, Base64.getDecoder().decode(hello.salt()), (int) hello.iterations());
        String authMessage = Scram.authMessage(user, clientNonce, hello.nonce(), hello.salt(), hello.iterations(), null);
        call(new Request.Auth(Base64.getEncoder().encodeToString(Scram.clientProof(salted, authMessage))), Response.AuthOk.class);
    }

    Response call(Request request, Class<? extends Response> expected) throws Exception {
        writer.write(request);
        Header header = reader.readHeader();
        Response response = header.toResponse(expected);
        if (response instanceof Response.Error e) {
            throw new AssertionError(request.op() + " failed: " + e.code() + " " + e.message());
        }
        return response;
    }

    /** Starts the upload and sends the first {@code count} bytes of {@code content}, then nothing more. */
    void sendPart(String path, byte[] content, int count) throws Exception {
        call(new Request.Upload(path, content.length, false, true, null), Response.UploadOk.class);
        socket.getOutputStream().write(content, 0, count);
        socket.getOutputStream().flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
