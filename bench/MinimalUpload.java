import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * C upload's floor: the least a fresh JVM client must do to upload a tree as C does it. As
 * many connections as ftp-client uses (8), each logged in with SCRAM, then per file: read it,
 * hash it (the JDK's SHA-256), `upload` with its mtime, the body, `commit`, each answer
 * awaited, the server's signature checked at login; every upload durable on the server, as
 * C's. No picocli, no Jackson (MinimalWire: headers as text, safe only against the trusted
 * local bench server), no progress, no resume, no pipelining. A measuring tool, not a client:
 * bench/run.sh compiles it, gives it its own AOT cache trained on one such upload, and times
 * it next to C.
 *
 *   FERRY_PASSWORD=... java -cp ftp-client.jar:DIR MinimalUpload PORT USER LOCAL_DIR REMOTE_DIR
 *
 * Prints the number of files uploaded; exits 1 on any failure.
 */
public class MinimalUpload {
    private static final int CONNECTIONS = 8;

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String user = args[1];
        String remote = args[3];
        ConcurrentLinkedQueue<Path> files = new ConcurrentLinkedQueue<>();
        try (var listing = Files.list(Path.of(args[2]))) {
            listing.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        int total = files.size();
        Workers.runOrExit(CONNECTIONS, () -> upload(port, user, remote, files));
        System.out.println(total);
    }

    private static void upload(int port, String user, String remote, ConcurrentLinkedQueue<Path> files) throws Exception {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(30_000);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 64 * 1024));
            MinimalWire.login(in, out, user, MinimalUpload::salted);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path file = files.poll(); file != null; file = files.poll()) {
                byte[] body = Files.readAllBytes(file);
                String mtime = Files.getLastModifiedTime(file).toInstant().toString();
                String answer = MinimalWire.call(in, out, "{\"op\":\"upload\",\"path\":\"" + remote + "/" + file.getFileName()
                        + "\",\"size\":" + body.length + ",\"overwrite\":false,\"resume\":true,\"mtime\":\"" + mtime + "\"}");
                if (!MinimalWire.number(answer, "offset").equals("0")) {
                    throw new IOException("expected a fresh upload: " + answer);
                }
                out.write(body);
                String hex = HexFormat.of().formatHex(sha.digest(body));
                MinimalWire.call(in, out, "{\"op\":\"commit\",\"sha256\":\"" + hex + "\"}");
            }
            MinimalWire.call(in, out, "{\"op\":\"bye\"}");
        }
    }

    private static byte[] salted;

    /** Derived once, as ftp-client does: every connection gets the same salt and count. */
    private static synchronized byte[] salted(String salt, int iterations) {
        if (salted == null) {
            salted = MinimalWire.derive(salt, iterations);
        }
        return salted;
    }
}
