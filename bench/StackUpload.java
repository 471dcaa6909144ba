import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.FrameWriter;
import dev.ferry.protocol.Request;
import dev.ferry.protocol.Response;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentLinkedQueue;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * C upload's stack floor: MinimalUpload's tree upload (8 connections, each file read, hashed,
 * sent, committed and its answer awaited), with the command line parsed by picocli and the
 * frames made by Ferry's protocol module (StackWire). A measuring tool, not a client:
 * bench/run.sh compiles it, gives it its own AOT cache and times it next to C and its
 * JDK-only floor.
 *
 *   FERRY_PASSWORD=... java -cp ftp-client.jar:DIR StackUpload -H HOST -P PORT -u USER upload -r LOCAL_DIR REMOTE_DIR
 *
 * Prints the number of files uploaded; exits 1 on any failure.
 */
public class StackUpload {
    private static final int CONNECTIONS = 8;

    public static void main(String[] args) throws Exception {
        CommandSpec upload = CommandSpec.create().name("upload");
        upload.addOption(OptionSpec.builder("-r", "--recursive").type(boolean.class).build());
        upload.addPositional(PositionalParamSpec.builder().paramLabel("LOCAL").index("0").type(String.class).build());
        upload.addPositional(PositionalParamSpec.builder().paramLabel("REMOTE").index("1").type(String.class).build());
        ParseResult top = StackWire.parse(args, upload);
        ParseResult command = top.subcommand();
        String host = top.matchedOptionValue("-H", "127.0.0.1");
        int port = top.matchedOptionValue("-P", 0);
        String user = top.matchedOptionValue("-u", "");
        String remote = command.matchedPositionalValue(1, "");
        ConcurrentLinkedQueue<Path> files = new ConcurrentLinkedQueue<>();
        try (var listing = Files.list(Path.of(command.<String>matchedPositionalValue(0, "")))) {
            listing.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        int total = files.size();
        Workers.runOrExit(CONNECTIONS, () -> upload(host, port, user, remote, files));
        System.out.println(total);
    }

    private static void upload(String host, int port, String user, String remote, ConcurrentLinkedQueue<Path> files)
            throws Exception {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 10_000);
            socket.setSoTimeout(30_000);
            FrameReader in = new FrameReader(new BufferedInputStream(socket.getInputStream()));
            FrameWriter out = new FrameWriter(new BufferedOutputStream(socket.getOutputStream(), 64 * 1024));
            StackWire.login(in, out, user, StackUpload::salted);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path file = files.poll(); file != null; file = files.poll()) {
                byte[] body = Files.readAllBytes(file);
                Request.Upload request = new Request.Upload(remote + "/" + file.getFileName(), body.length, false, true,
                        Files.getLastModifiedTime(file).toInstant());
                Response.UploadOk ok = StackWire.call(in, out, request, Response.UploadOk.class);
                if (ok.offset() != 0) {
                    throw new IOException("expected a fresh upload: " + ok);
                }
                out.writeBody(body, 0, body.length);
                StackWire.call(in, out, new Request.Commit(HexFormat.of().formatHex(sha.digest(body))), Response.CommitOk.class);
            }
            out.write(new Request.Bye());
        }
    }

    private static byte[] salted;

    /** Derived once, as ftp-client does: every connection gets the same salt and count. */
    private static synchronized byte[] salted(byte[] salt, int iterations) {
        if (salted == null) {
            salted = StackWire.derive(salt, iterations);
        }
        return salted;
    }
}
