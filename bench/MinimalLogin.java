import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * E's floor: the least a JVM client must do for connect + SCRAM login + list, with nothing
 * of ftp-client's own start (no picocli, no Jackson: headers are written as text and read
 * with regular expressions, which is only safe against the trusted local bench server).
 * Logs in through MinimalWire, with Ferry's Scram class (only the JDK's SHA-256). A
 * measuring tool, not a client: bench/run.sh compiles it, gives it its own AOT cache and
 * times it next to E.
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
            MinimalWire.login(in, out, user, MinimalWire::derive);
            String list = MinimalWire.call(in, out, "{\"op\":\"list\",\"path\":\"" + args[2] + "\"}");
            long size = Long.parseLong(MinimalWire.number(list, "size"));
            in.readNBytes((int) size); // the listing body
            MinimalWire.call(in, out, "{\"op\":\"bye\"}");
            System.out.println(MinimalWire.number(list, "count"));
        }
    }
}
