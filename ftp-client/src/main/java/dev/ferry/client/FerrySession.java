package dev.ferry.client;

import dev.ferry.protocol.ChannelBinding;
import dev.ferry.protocol.DrainableInput;
import dev.ferry.protocol.Entry;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.FrameWriter;
import dev.ferry.protocol.Header;
import dev.ferry.protocol.Listing;
import dev.ferry.protocol.ProtocolException;
import dev.ferry.protocol.Request;
import dev.ferry.protocol.Response;
import dev.ferry.protocol.Scram;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Base64;
import java.util.List;
import java.util.function.LongConsumer;
import javax.net.ssl.SSLSocket;

/**
 * One logged-in connection to a Ferry server, speaking PROTOCOL.md from the client's side.
 * The server must prove it knows the password (SCRAM server signature, constant-time check)
 * before anything else is sent. Server errors surface as {@link ProtocolException}s; a lost
 * or refused connection as {@link ClientFailure} with {@link ExitCode#CONNECTION}.
 */
final class FerrySession implements AutoCloseable {
    static final String CLIENT_NAME = "ftp-client/" + ClientMain.version();
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    /** Generous: a commit of a large file waits for the server's fsync. */
    static final int DEFAULT_READ_TIMEOUT_SECONDS = 300;
    /** Progress granularity of {@link #sendFile}. */
    private static final long SEND_CHUNK = 4L << 20;

    private final Socket socket;
    private final DrainableInput in;
    private final FrameReader reader;
    private final FrameWriter writer;
    private final OutputStream out;
    private final String target;
    private final int readTimeoutMillis;
    /** Waits for a channel body read (which has no timeout of its own); made on the first. */
    private Selector readable;
    /** Set while a body is read from the channel in non-blocking mode: until {@link #bodyDone}. */
    private SelectionKey bodyKey;

    /**
     * How to connect: {@code tls}; {@code onChannel} for a session whose bodies may bypass the
     * heap (see {@link #open(String, int, String, Password, Options)}); how long any read may
     * wait for a byte.
     */
    record Options(boolean tls, boolean onChannel, int readTimeoutSeconds) {
        static final Options PLAIN = new Options(false, false, DEFAULT_READ_TIMEOUT_SECONDS);
    }

    private FerrySession(Socket socket, String target, int readTimeoutMillis) throws IOException {
        this.socket = socket;
        this.target = target;
        this.readTimeoutMillis = readTimeoutMillis;
        this.in = new DrainableInput(socket.getInputStream(), 64 * 1024);
        this.reader = new FrameReader(in);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        this.writer = new FrameWriter(out);
    }

    /** Connects and logs in; every failure is a {@link ClientFailure} with its exit code. */
    static FerrySession open(String host, int port, String user, Password password) throws ClientFailure {
        return open(host, port, user, password, Options.PLAIN);
    }

    /**
     * With {@code tls}, the connection is TLS 1.3 and the login SCRAM-SHA-256-PLUS: the server's
     * certificate is not checked against any CA, because its hash is bound into the proofs; a
     * machine in the middle presents another certificate and no login (or signature) succeeds.
     * With {@code onChannel}, a plain TCP session is opened on a {@link SocketChannel}, so that
     * bodies can bypass the heap ({@link #sendFile}, {@link #readBody(ByteBuffer)}); other
     * commands keep the plain socket (fewer classes to load for a `list`).
     */
    static FerrySession open(String host, int port, String user, Password password, Options options) throws ClientFailure {
        boolean tls = options.tls();
        int readTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, options.readTimeoutSeconds() * 1000L);
        String target = host + ":" + port;
        Socket socket;
        try {
            socket = options.onChannel() && !tls ? SocketChannel.open().socket() : new Socket();
        } catch (IOException e) {
            throw new ClientFailure(ExitCode.CONNECTION, "cannot connect to " + target + ": " + reason(e), e);
        }
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            socket.setSoTimeout(readTimeoutMillis);
        } catch (UnknownHostException e) {
            closeQuietly(socket);
            throw new ClientFailure(ExitCode.CONNECTION, "cannot connect to " + target + ": unknown host (check --host)", e);
        } catch (ConnectException | SocketTimeoutException e) {
            closeQuietly(socket);
            throw new ClientFailure(ExitCode.CONNECTION, "cannot connect to " + target + ": " + reason(e)
                    + " (is the server running? check --host and --port)", e);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new ClientFailure(ExitCode.CONNECTION, "cannot connect to " + target + ": " + reason(e), e);
        }
        byte[] binding = null;
        Socket connected = socket;
        if (tls) {
            try {
                SSLSocket secure = ChannelBinding.connect(socket, host);
                binding = ChannelBinding.of(secure);
                connected = secure;
            } catch (IOException e) {
                closeQuietly(socket);
                throw new ClientFailure(ExitCode.CONNECTION, "TLS with " + target + " failed: " + reason(e)
                        + " (is the server started with --tls?)", e);
            }
        }
        try {
            FerrySession session = new FerrySession(connected, target, readTimeoutMillis);
            session.login(user, password, binding);
            return session;
        } catch (ProtocolException e) {
            closeQuietly(socket);
            if (e.code() == ErrorCode.BAD_FRAME && !tls) {
                throw new ClientFailure(ExitCode.CONNECTION, target + " did not answer in Ferry's framing"
                        + " (if the server runs with --tls, pass --tls)", e);
            }
            if (e.code() == ErrorCode.AUTH_FAILED) {
                throw new ClientFailure(ExitCode.AUTHENTICATION, "login to " + target + " as " + user
                        + " failed: wrong user name or password", e);
            }
            throw ClientFailure.fromServer("login to " + target, e);
        } catch (IOException e) {
            closeQuietly(socket);
            throw lost(target, e);
        }
    }

    private static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().toLowerCase(java.util.Locale.ROOT);
    }

    static ClientFailure lost(String target, IOException e) {
        return new ClientFailure(ExitCode.CONNECTION, "connection to " + target + " was lost: " + reason(e)
                + " (run the same command again to resume)", e);
    }

    String target() {
        return target;
    }

    private void login(String user, Password password, byte[] binding) throws IOException, ProtocolException, ClientFailure {
        String clientNonce = Scram.newNonce();
        Response.HelloOk hello = expect(call(new Request.Hello(1, user, clientNonce, CLIENT_NAME,
                binding == null ? null : Scram.CHANNEL_BINDING_TLS), Response.HelloOk.class), Response.HelloOk.class);
        byte[] salt = decodeBase64(hello.salt());
        if (!hello.nonce().startsWith(clientNonce) || hello.nonce().length() == clientNonce.length()) {
            throw impostor("its nonce does not extend ours");
        }
        if (salt == null || salt.length < Scram.MIN_SALT_BYTES) {
            throw impostor("its salt is shorter than " + Scram.MIN_SALT_BYTES + " bytes");
        }
        if (hello.iterations() < Scram.MIN_ITERATIONS || hello.iterations() > Scram.MAX_ITERATIONS) {
            throw impostor("it asked for " + hello.iterations() + " iterations (allowed: "
                    + Scram.MIN_ITERATIONS + " to " + Scram.MAX_ITERATIONS + ")");
        }
        byte[] salted = password.salted(salt, (int) hello.iterations());
        String authMessage = Scram.authMessage(user, clientNonce, hello.nonce(), hello.salt(), hello.iterations(), binding);
        byte[] proof = Scram.clientProof(salted, authMessage);
        Response.AuthOk auth = expect(call(new Request.Auth(Base64.getEncoder().encodeToString(proof)), Response.AuthOk.class),
                Response.AuthOk.class);
        byte[] expected = Scram.serverSignature(Scram.hmac(salted, "Server Key"), authMessage);
        byte[] signature = decodeBase64(auth.signature());
        if (signature == null || !Scram.constantTimeEquals(expected, signature)) {
            throw impostor("it could not prove it knows your password");
        }
    }

    private ClientFailure impostor(String why) {
        abort(); // not even a bye: nothing more goes to a server that failed mutual authentication
        return new ClientFailure(ExitCode.AUTHENTICATION, "refusing " + target + ": " + why
                + "; it may not be the server you think, so nothing was sent");
    }

    private static byte[] decodeBase64(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    // ---- operations ----

    List<Entry> list(String path) throws IOException, ProtocolException {
        Response.ListOk ok = expect(call(new Request.ListFiles(path), Response.ListOk.class), Response.ListOk.class);
        if (ok.size() > 256L * 1024 * 1024) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "listing of " + ok.size() + " bytes is too large");
        }
        byte[] body = new byte[(int) ok.size()];
        reader.readFully(body, 0, body.length);
        return Listing.decode(body, ok.count());
    }

    Response.StatOk stat(String path) throws IOException, ProtocolException {
        return expect(call(new Request.Stat(path), Response.StatOk.class), Response.StatOk.class);
    }

    /** Stat that answers null for NOT_FOUND instead of throwing. */
    Response.StatOk statOrNull(String path) throws IOException, ProtocolException {
        Response r = call(new Request.Stat(path), Response.StatOk.class);
        if (r instanceof Response.Error e && e.code() == ErrorCode.NOT_FOUND) {
            return null;
        }
        return expect(r, Response.StatOk.class);
    }

    boolean mkdir(String path) throws IOException, ProtocolException {
        return expect(call(new Request.Mkdir(path), Response.MkdirOk.class), Response.MkdirOk.class).created();
    }

    void delete(String path, boolean recursive) throws IOException, ProtocolException {
        expect(call(new Request.Delete(path, recursive), Response.Ok.class), Response.Ok.class);
    }

    void rename(String from, String to, boolean overwrite) throws IOException, ProtocolException {
        expect(call(new Request.Rename(from, to, overwrite), Response.Ok.class), Response.Ok.class);
    }

    Response.UsageOk usage() throws IOException, ProtocolException {
        return expect(call(new Request.Usage(), Response.UsageOk.class), Response.UsageOk.class);
    }

    // ---- transfers: requests written unflushed, answers read later and in order (pipelining) ----

    void requestUpload(Request.Upload request) throws IOException {
        writer.writeUnflushed(request);
    }

    /** The answer to an upload request: where the body starts. The caller then writes it to {@link #body()}. */
    Response.UploadOk uploadAnswer() throws IOException, ProtocolException {
        return expect(receive(Response.UploadOk.class), Response.UploadOk.class);
    }

    void requestCommit(String sha256) throws IOException {
        writer.writeUnflushed(new Request.Commit(sha256));
    }

    Response.CommitOk commitAnswer() throws IOException, ProtocolException {
        return expect(receive(Response.CommitOk.class), Response.CommitOk.class);
    }

    void requestDownload(String path, long offset) throws IOException {
        writer.writeUnflushed(new Request.Download(path, offset));
    }

    /** The answer to a download request; the caller then reads exactly size - offset bytes with {@link #readBody}. */
    Response.DownloadOk downloadAnswer() throws IOException, ProtocolException {
        return expect(receive(Response.DownloadOk.class), Response.DownloadOk.class);
    }

    /** Sends what was written unflushed. */
    void flush() throws ClientFailure {
        try {
            out.flush();
        } catch (IOException e) {
            throw lost(target, e);
        }
    }

    OutputStream body() {
        return out;
    }

    /**
     * True when bodies can bypass the heap: {@link #sendFile} sends file bytes with sendfile,
     * {@link #readBody(ByteBuffer)} reads into a direct buffer.
     */
    boolean onChannel() {
        return !(socket instanceof SSLSocket) && socket.getChannel() != null;
    }

    /**
     * Sends {@code count} bytes of {@code file} from {@code position} as body bytes, with
     * sendfile: the frames written before go first. {@code sent} hears of each chunk.
     * EOFException when the file ends early.
     */
    void sendFile(FileChannel file, long position, long count, LongConsumer sent) throws IOException {
        out.flush();
        SocketChannel channel = socket.getChannel();
        long done = 0;
        while (done < count) {
            long n = file.transferTo(position + done, Math.min(SEND_CHUNK, count - done), channel);
            if (n <= 0) {
                throw new EOFException("the file ended at " + (position + done) + " bytes");
            }
            done += n;
            sent.accept(n);
        }
    }

    /**
     * Reads body bytes into the buffer's remaining space and returns how many (at least one).
     * A heap buffer through the frame reader; a direct one ({@link #onChannel} sessions only)
     * first with what the frame reader holds, then straight from the channel: no copy through
     * a temporary buffer and an array, as a heap read makes. The channel has no read timeout,
     * so it reads in non-blocking mode and waits on a selector for at most the socket's. The
     * channel stays so until {@link #bodyDone}: switching per chunk cost four fcntl and an
     * epoll_wait for every 256 KiB.
     */
    int readBody(ByteBuffer into) throws IOException {
        if (!into.isDirect()) {
            return reader.readSome(into);
        }
        int n = in.drainTo(into);
        if (n > 0) {
            return n;
        }
        SocketChannel channel = socket.getChannel();
        if (bodyKey == null) {
            if (readable == null) {
                readable = Selector.open();
            }
            channel.configureBlocking(false);
            bodyKey = channel.register(readable, SelectionKey.OP_READ);
        }
        while ((n = channel.read(into)) == 0) {
            if (readable.select(readTimeoutMillis) == 0) {
                if (Thread.currentThread().isInterrupted()) { // select returns early then, not a timeout
                    throw new InterruptedIOException("interrupted while reading a body");
                }
                throw new SocketTimeoutException("no body byte arrived in " + readTimeoutMillis / 1000 + " s");
            }
            readable.selectedKeys().clear();
        }
        if (n < 0) {
            throw new EOFException("connection closed inside a body");
        }
        return n;
    }

    /**
     * Ends a body read with {@link #readBody}: the channel blocks again, as the frame reader
     * and writer need. Not needed after a failed read: the session is then given up.
     */
    void bodyDone() throws IOException {
        if (bodyKey != null) {
            bodyKey.cancel();
            bodyKey = null;
            readable.selectNow(); // deregisters: only then may the channel block again
            socket.getChannel().configureBlocking(true);
        }
    }

    /**
     * Says bye and closes without waiting for the answer: every request has had its answer by
     * then, and the wait was the command's last round trip. Through a local proxy adding 50 ms
     * of round trip, a fresh `list` took 314 ms instead of 366, a one-file download 391
     * instead of 436 (15 interleaved rounds, means).
     */
    @Override
    public void close() {
        try {
            writer.write(new Request.Bye());
            socket.shutdownOutput();
        } catch (IOException | RuntimeException ignored) {
            // leaving anyway
        }
        abort();
    }

    /** Closes without the polite bye (after an error the stream may be out of step). */
    void abort() {
        closeQuietly(socket);
        if (readable != null) {
            try {
                readable.close();
            } catch (IOException ignored) {
                // its file descriptors go with the process at worst
            }
        }
    }

    private Response call(Request request, Class<? extends Response> expected) throws IOException, ProtocolException {
        writer.write(request);
        return receive(expected);
    }

    private Response receive(Class<? extends Response> expected) throws IOException, ProtocolException {
        Header header = reader.readHeader();
        if (header == null) {
            throw new EOFException("the server closed the connection");
        }
        return header.toResponse(expected);
    }

    private static <T extends Response> T expect(Response response, Class<T> type) throws ProtocolException {
        if (response instanceof Response.Error error) {
            throw ProtocolException.of(error);
        }
        return type.cast(response);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to release
        }
    }
}
