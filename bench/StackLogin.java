import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.FrameWriter;
import dev.ferry.protocol.Request;
import dev.ferry.protocol.Response;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * E's stack floor: MinimalLogin's connect + SCRAM login + list, with the command line parsed
 * by picocli and the frames made by Ferry's protocol module (StackWire). A measuring tool,
 * not a client: bench/run.sh compiles it, gives it its own AOT cache and times it next to E
 * and its JDK-only floor.
 *
 *   FERRY_PASSWORD=... java -cp ftp-client.jar:DIR StackLogin -H HOST -P PORT -u USER list PATH
 *
 * Prints the number of entries listed; exits 1 on any failure.
 */
public class StackLogin {
    public static void main(String[] args) throws Exception {
        CommandSpec list = CommandSpec.create().name("list");
        list.addPositional(PositionalParamSpec.builder().paramLabel("REMOTE").arity("0..1").type(String.class).defaultValue("").build());
        ParseResult top = StackWire.parse(args, list);
        ParseResult command = top.subcommand();
        String user = top.matchedOptionValue("-u", "");
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(top.matchedOptionValue("-H", "127.0.0.1"), top.matchedOptionValue("-P", 0)), 10_000);
            socket.setSoTimeout(10_000);
            FrameReader in = new FrameReader(new BufferedInputStream(socket.getInputStream()));
            FrameWriter out = new FrameWriter(new BufferedOutputStream(socket.getOutputStream()));
            StackWire.login(in, out, user, StackWire::derive);
            Response.ListOk ok = StackWire.call(in, out, new Request.ListFiles(command.matchedPositionalValue(0, "")), Response.ListOk.class);
            byte[] listing = new byte[(int) ok.size()];
            in.readFully(listing, 0, listing.length);
            out.write(new Request.Bye());
            System.out.println(ok.count());
        }
    }
}
