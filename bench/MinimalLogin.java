import dev.ferry.protocol.Scram;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * E's floor: the least a JVM client must do for connect + SCRAM login + list, with nothing
 * of ftp-client's own start (no picocli, no Jackson: headers are written as text and read
 * with regular expressions, which is only safe against the trusted local bench server).
 * Uses Ferry's Scram class, which needs only the JDK's SHA-256. A measuring tool, not a
 * client: bench/run.sh compiles it, gives it its own AOT cache and times it next to E.
 *
 *   FERRY_PASSWORD=... java -cp ftp-client.jar:DIR MinimalLogin PORT USER PATH
 *
 * Prints the number of entries listed; exits 1 on any failure.
 */
public class MinimalLogin {
    public static void main(String[] args) throws Exception {
        String user = args[1];
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 10_000);
            socket.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            String clientNonce = Scram.newNonce();
            String hello = call(in, out, "{\"op\":\"hello\",\"version\":1,\"user\":\"" + user + "\",\"nonce\":\"" + clientNonce + "\"}");
            String nonce = field(hello, "nonce");
            String salt = field(hello, "salt");
            long iterations = Long.parseLong(number(hello, "iterations"));
            if (!nonce.startsWith(clientNonce)) {
                throw new IOException("the server's nonce does not extend ours");
            }
            byte[] salted = Scram.saltedPassword(System.getenv("FERRY_PASSWORD"), Base64.getDecoder().decode(salt), (int) iterations);
            String authMessage = Scram.authMessage(user, clientNonce, nonce, salt, iterations, null);
            String proof = Base64.getEncoder().encodeToString(Scram.clientProof(salted, authMessage));
            String auth = call(in, out, "{\"op\":\"auth\",\"proof\":\"" + proof + "\"}");
            byte[] expected = Scram.serverSignature(Scram.hmac(salted, "Server Key"), authMessage);
            if (!Scram.constantTimeEquals(expected, Base64.getDecoder().decode(field(auth, "signature")))) {
                throw new IOException("the server's signature is wrong");
            }
            String list = call(in, out, "{\"op\":\"list\",\"path\":\"" + args[2] + "\"}");
            long size = Long.parseLong(number(list, "size"));
            in.readNBytes((int) size); // the listing body
            call(in, out, "{\"op\":\"bye\"}");
            System.out.println(number(list, "count"));
        }
    }

    private static String call(DataInputStream in, DataOutputStream out, String json) throws IOException {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        out.writeInt(header.length);
        out.write(header);
        out.flush();
        byte[] reply = in.readNBytes(in.readInt());
        String text = new String(reply, StandardCharsets.UTF_8);
        if (!text.contains("\"ok\":true")) {
            throw new IOException("the server refused: " + text);
        }
        return text;
    }

    private static String field(String json, String name) throws IOException {
        return match(json, "\"" + name + "\":\"([^\"]*)\"");
    }

    private static String number(String json, String name) throws IOException {
        return match(json, "\"" + name + "\":([0-9]+)");
    }

    private static String match(String json, String regex) throws IOException {
        Matcher m = Pattern.compile(regex).matcher(json);
        if (!m.find()) {
            throw new IOException("no match for " + regex + " in " + json);
        }
        return m.group(1);
    }
}
