package dev.ferry.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** A real server on 127.0.0.1 and an ephemeral port, over a real temporary data directory. */
final class TestServer implements AutoCloseable {
    static final String ALICE = "alice";
    static final String ALICE_PASSWORD = "correct horse battery staple";
    static final String BOB = "bob";
    static final String BOB_PASSWORD = "hunter2-but-longer";
    static final String READER = "reader";
    static final String READER_PASSWORD = "read-only-pw";

    final Path data;
    final FerryServer server;
    final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();

    private TestServer(Path data, Limits limits, Long aliceQuota) throws IOException {
        this(data, limits, aliceQuota, false);
    }

    private TestServer(Path data, Limits limits, Long aliceQuota, boolean tls) throws IOException {
        this.data = data;
        UserStore store = new UserStore(data.resolve("users"));
        store.update(users -> {
            users.put(ALICE, new User(ALICE, Passwords.credentials(ALICE_PASSWORD, 4096), aliceQuota, false));
            users.put(BOB, new User(BOB, Passwords.credentials(BOB_PASSWORD, 4096), null, false));
            users.put(READER, new User(READER, Passwords.credentials(READER_PASSWORD, 4096), null, true));
            return users;
        });
        for (String user : new String[] {ALICE, BOB, READER}) {
            Files.createDirectories(data.resolve("homes").resolve(user));
        }
        ServerConfig config = new ServerConfig(data, InetAddress.getLoopbackAddress(), 0, limits, tls);
        this.server = FerryServer.start(config, new EventLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8), EventLog.Level.DEBUG));
    }

    static TestServer start(Path data) throws IOException {
        return new TestServer(data, fastLimits(l -> l), null);
    }

    static TestServer start(Path data, UnaryOperator<LimitsBuilder> limits) throws IOException {
        return new TestServer(data, fastLimits(limits), null);
    }

    static TestServer withTls(Path data) throws IOException {
        return new TestServer(data, fastLimits(l -> l), null, true);
    }

    static TestServer withQuota(Path data, long aliceQuota) throws IOException {
        return new TestServer(data, fastLimits(l -> l), aliceQuota);
    }

    /** Protocol defaults except 4096 iterations (fast tests) and a short shutdown grace. */
    private static Limits fastLimits(UnaryOperator<LimitsBuilder> change) {
        return change.apply(new LimitsBuilder()).build();
    }

    int port() {
        return server.address().getPort();
    }

    Path home(String user) {
        return data.resolve("homes").resolve(user);
    }

    RawClient connect() throws IOException {
        return new RawClient(port());
    }

    RawClient login(String user, String password) throws Exception {
        RawClient client = connect();
        client.login(user, password);
        return client;
    }

    RawClient alice() throws Exception {
        return login(ALICE, ALICE_PASSWORD);
    }

    String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop();
    }

    /** Mutable stand-in for the Limits record's many fields. */
    static final class LimitsBuilder {
        Duration handshakeTimeout = Duration.ofSeconds(10);
        Duration idleTimeout = Duration.ofSeconds(300);
        Duration bodyStallTimeout = Duration.ofSeconds(60);
        int maxConnections = 10_000;
        int maxUnauthenticatedPerAddress = 64;
        int maxSessionsPerUser = 32;
        int authFailureLimit = 10;
        Duration authFailureWindow = Duration.ofSeconds(60);
        Duration partialExpiry = Duration.ofHours(24);
        Duration shutdownGrace = Duration.ofSeconds(2);

        LimitsBuilder handshakeTimeout(Duration d) { handshakeTimeout = d; return this; }
        LimitsBuilder idleTimeout(Duration d) { idleTimeout = d; return this; }
        LimitsBuilder bodyStallTimeout(Duration d) { bodyStallTimeout = d; return this; }
        LimitsBuilder maxConnections(int n) { maxConnections = n; return this; }
        LimitsBuilder maxUnauthenticatedPerAddress(int n) { maxUnauthenticatedPerAddress = n; return this; }
        LimitsBuilder maxSessionsPerUser(int n) { maxSessionsPerUser = n; return this; }
        LimitsBuilder authFailureLimit(int n) { authFailureLimit = n; return this; }
        LimitsBuilder shutdownGrace(Duration d) { shutdownGrace = d; return this; }

        Limits build() {
            return new Limits(handshakeTimeout, idleTimeout, bodyStallTimeout, maxConnections, maxUnauthenticatedPerAddress,
                    maxSessionsPerUser, authFailureLimit, authFailureWindow, partialExpiry, shutdownGrace, 4096);
        }
    }
}
