import dev.ferry.protocol.Scram;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What E's and C's floors (MinimalLogin, MinimalUpload) both do on the wire: a request
 * frame out and its answer back, and the SCRAM login with the server's signature checked.
 * Headers are written as text and read with regular expressions: safe only against the
 * trusted local bench server.
 */
final class MinimalWire {
    private MinimalWire() {
    }

    /** Logs in; {@code salted} derives SaltedPassword from the base64 salt and the iteration count. */
    static void login(DataInputStream in, DataOutputStream out, String user, BiFunction<String, Integer, byte[]> salted)
            throws IOException {
        String clientNonce = Scram.newNonce();
        String hello = call(in, out, "{\"op\":\"hello\",\"version\":1,\"user\":\"" + user + "\",\"nonce\":\"" + clientNonce + "\"}");
        String nonce = field(hello, "nonce");
        String salt = field(hello, "salt");
        long iterations = Long.parseLong(number(hello, "iterations"));
        if (!nonce.startsWith(clientNonce)) {
            throw new IOException("the server's nonce does not extend ours");
        }
        byte[] key = salted.apply(salt, (int) iterations);
        String authMessage = Scram.authMessage(user, clientNonce, nonce, salt, iterations, null);
        String proof = Base64.getEncoder().encodeToString(Scram.clientProof(key, authMessage));
        String auth = call(in, out, "{\"op\":\"auth\",\"proof\":\"" + proof + "\"}");
        byte[] expected = Scram.serverSignature(Scram.hmac(key, "Server Key"), authMessage);
        if (!Scram.constantTimeEquals(expected, Base64.getDecoder().decode(field(auth, "signature")))) {
            throw new IOException("the server's signature is wrong");
        }
    }

    /** SaltedPassword from FERRY_PASSWORD. */
    static byte[] derive(String salt, int iterations) {
        return Scram.saltedPassword(System.getenv("FERRY_PASSWORD"), Base64.getDecoder().decode(salt), iterations);
    }

    static String call(DataInputStream in, DataOutputStream out, String json) throws IOException {
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

    static String field(String json, String name) throws IOException {
        return match(json, "\"" + name + "\":\"([^\"]*)\"");
    }

    static String number(String json, String name) throws IOException {
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
