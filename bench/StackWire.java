import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.FrameWriter;
import dev.ferry.protocol.Header;
import dev.ferry.protocol.ProtocolException;
import dev.ferry.protocol.Request;
import dev.ferry.protocol.Response;
import dev.ferry.protocol.Scram;
import java.io.IOException;
import java.util.Base64;
import java.util.function.BiFunction;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * What the stack floors (StackLogin, StackUpload) share: MinimalWire's exchange, but with the
 * stack ftp-client must use: its command line parsed by picocli (a model built in code, as
 * ftp-client builds its own), and every frame written and read by Ferry's protocol module
 * (records, Jackson). Nothing of ftp-client itself. Set between the JDK-only floor and
 * ftp-client, it tells the cost of the chosen stack from the cost of the client's own code.
 */
final class StackWire {
    private StackWire() {
    }

    /** picocli's parse of {@code -H HOST -P PORT -u USER COMMAND ...}, the subcommand built by {@code subcommand}. */
    static ParseResult parse(String[] args, CommandSpec subcommand) {
        CommandSpec top = CommandSpec.create().name("stack-floor");
        top.addOption(OptionSpec.builder("-H", "--host").type(String.class).defaultValue("127.0.0.1").build());
        top.addOption(OptionSpec.builder("-P", "--port").type(int.class).required(true).build());
        top.addOption(OptionSpec.builder("-u", "--user").type(String.class).required(true).build());
        top.addOption(OptionSpec.builder("-q", "--quiet").type(boolean.class).build());
        top.addSubcommand(subcommand.name(), subcommand);
        return new CommandLine(top).parseArgs(args);
    }

    /** Logs in; {@code salted} derives SaltedPassword from the salt and the iteration count. */
    static void login(FrameReader in, FrameWriter out, String user, BiFunction<byte[], Integer, byte[]> salted)
            throws IOException, ProtocolException {
        String clientNonce = Scram.newNonce();
        Response.HelloOk hello = call(in, out, new Request.Hello(1, user, clientNonce, "stack-floor", null), Response.HelloOk.class);
        if (!hello.nonce().startsWith(clientNonce)) {
            throw new IOException("the server's nonce does not extend ours");
        }
        byte[] key = salted.apply(Base64.getDecoder().decode(hello.salt()), (int) hello.iterations());
        String authMessage = Scram.authMessage(user, clientNonce, hello.nonce(), hello.salt(), hello.iterations(), null);
        String proof = Base64.getEncoder().encodeToString(Scram.clientProof(key, authMessage));
        Response.AuthOk auth = call(in, out, new Request.Auth(proof), Response.AuthOk.class);
        byte[] expected = Scram.serverSignature(Scram.hmac(key, "Server Key"), authMessage);
        if (!Scram.constantTimeEquals(expected, Base64.getDecoder().decode(auth.signature()))) {
            throw new IOException("the server's signature is wrong");
        }
    }

    /** SaltedPassword from FERRY_PASSWORD. */
    static byte[] derive(byte[] salt, int iterations) {
        return Scram.saltedPassword(System.getenv("FERRY_PASSWORD"), salt, iterations);
    }

    static <T extends Response> T call(FrameReader in, FrameWriter out, Request request, Class<T> expected)
            throws IOException, ProtocolException {
        out.write(request);
        return answer(in, expected);
    }

    static <T extends Response> T answer(FrameReader in, Class<T> expected) throws IOException, ProtocolException {
        Header header = in.readHeader();
        if (header == null) {
            throw new IOException("the server closed the connection");
        }
        Response response = header.toResponse(expected);
        if (!expected.isInstance(response)) {
            throw new IOException("the server refused: " + response);
        }
        return expected.cast(response);
    }
}
