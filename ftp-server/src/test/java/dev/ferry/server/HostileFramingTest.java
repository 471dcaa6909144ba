package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.FrameWriter;
import dev.ferry.protocol.Header;
import dev.ferry.protocol.Request;
import dev.ferry.protocol.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability group "framing": every BAD_FRAME rule and malformed request, before and after
 * login, each followed by a check that the server still serves a fresh client; then a
 * seeded mutation run of thousands of corrupted frames against the live server, where every
 * reply must be a valid frame.
 */
class HostileFramingTest {
    @TempDir
    static Path data;
    static TestServer server;
    static final ReliabilityReport report = new ReliabilityReport("Framing and fuzzing (live server)");

    /** One hostile input and what the server must answer (null: the server just closes). */
    record Case(String name, byte[] bytes, ErrorCode beforeLogin, ErrorCode afterLogin, boolean thenStall) {
    }

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(data, l -> l.handshakeTimeout(Duration.ofMillis(700)).idleTimeout(Duration.ofMillis(700)));
    }

    @AfterAll
    static void stop() {
        server.close();
        report.write();
    }

    static byte[] frame(String json) {
        return frame(json.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] frame(byte[] json) {
        return FrameWriter.frame(json);
    }

    static byte[] join(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static List<Case> cases() {
        ErrorCode bf = ErrorCode.BAD_FRAME;
        ErrorCode br = ErrorCode.BAD_REQUEST;
        ErrorCode ar = ErrorCode.AUTH_REQUIRED;
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("length 0", new byte[] {0, 0, 0, 0}, bf, bf, false));
        cases.add(new Case("length 65537", new byte[] {0, 1, 0, 1}, bf, bf, false));
        cases.add(new Case("length 2^31", new byte[] {(byte) 0x80, 0, 0, 0}, bf, bf, false));
        cases.add(new Case("length 2^32-1", new byte[] {-1, -1, -1, -1}, bf, bf, false));
        cases.add(new Case("truncated then closed", java.util.Arrays.copyOf(frame("{\"op\":\"usage\"}"), 9), null, null, false));
        cases.add(new Case("truncated then stalled", java.util.Arrays.copyOf(frame("{\"op\":\"usage\"}"), 9),
                ErrorCode.TIMEOUT, ErrorCode.TIMEOUT, true));
        cases.add(new Case("invalid UTF-8", frame(join("{\"op\":\"".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xfe, '"', '}'})), bf, bf, false));
        cases.add(new Case("overlong UTF-8", frame(join("{\"op\":\"".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xc1, (byte) 0xbf, '"', '}'})), bf, bf, false));
        cases.add(new Case("escaped lone surrogate", frame("{\"op\":\"stat\",\"path\":\"\\udfff\"}"), bf, bf, false));
        cases.add(new Case("byte-order mark", frame(join(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, "{\"op\":\"usage\"}".getBytes(StandardCharsets.US_ASCII))), bf, bf, false));
        cases.add(new Case("array", frame("[{\"op\":\"usage\"}]"), bf, bf, false));
        cases.add(new Case("number", frame("42"), bf, bf, false));
        cases.add(new Case("two objects", frame("{\"op\":\"usage\"}{\"op\":\"usage\"}"), bf, bf, false));
        cases.add(new Case("depth 9", frame("{\"op\":\"usage\",\"x\":" + "[".repeat(8) + "]".repeat(8) + "}"), bf, bf, false));
        cases.add(new Case("depth 30000", frame("{\"x\":" + "[".repeat(30000) + "]".repeat(30000) + "}"), bf, bf, false));
        cases.add(new Case("duplicate keys", frame("{\"op\":\"usage\",\"op\":\"bye\"}"), bf, bf, false));
        cases.add(new Case("missing op", frame("{\"path\":\"x\"}"), br, br, false));
        cases.add(new Case("op not a string", frame("{\"op\":[\"usage\"]}"), br, br, false));
        cases.add(new Case("unknown op", frame("{\"op\":\"chmod\"}"), ar, br, false));
        cases.add(new Case("path of wrong type", frame("{\"op\":\"stat\",\"path\":{}}"), ar, br, false));
        cases.add(new Case("size as string", frame("{\"op\":\"upload\",\"path\":\"a\",\"size\":\"1\"}"), ar, br, false));
        cases.add(new Case("size fraction", frame("{\"op\":\"upload\",\"path\":\"a\",\"size\":1.0}"), ar, br, false));
        cases.add(new Case("size 2^64", frame("{\"op\":\"upload\",\"path\":\"a\",\"size\":18446744073709551616}"), ar, br, false));
        cases.add(new Case("null boolean", frame("{\"op\":\"delete\",\"path\":\"a\",\"recursive\":null}"), ar, br, false));
        cases.add(new Case("hello with a number user", frame("{\"op\":\"hello\",\"version\":1,\"user\":7,\"nonce\":\"AAAAAAAAAAAAAAAAAAAAAAAA\"}"), br, br, false));
        cases.add(new Case("huge number literal", frame("{\"op\":\"download\",\"path\":\"a\",\"offset\":" + "9".repeat(60000) + "}"), ar, br, false));
        return cases;
    }

    @Test
    void everyMalformedInputIsAnsweredWithItsCodeBeforeAndAfterLoginAndTheServerStaysUp() throws Exception {
        List<String> problems = new ArrayList<>();
        for (Case c : cases()) {
            for (boolean loggedIn : new boolean[] {false, true}) {
                report.increment("hostile inputs tried");
                ErrorCode expected = loggedIn ? c.afterLogin() : c.beforeLogin();
                try (RawClient client = loggedIn ? server.alice() : server.connect()) {
                    client.sendRaw(c.bytes());
                    if (c.name().equals("truncated then closed")) {
                        client.socket.shutdownOutput();
                        assertTrue(client.isClosedByServer());
                    } else {
                        Response.Error e = client.readError(expected);
                        assertEquals(expected, e.code());
                        boolean mustClose = !loggedIn || expected.alwaysCloses();
                        if (mustClose) {
                            assertTrue(client.isClosedByServer(), c.name() + " closes");
                        } else {
                            client.ok(new Request.Usage(), Response.UsageOk.class); // the session goes on
                        }
                    }
                } catch (AssertionError | Exception e) {
                    problems.add(c.name() + (loggedIn ? " after" : " before") + " login: " + e);
                    report.increment("wrong answers");
                }
                try (RawClient fresh = server.alice()) {
                    fresh.ok(new Request.Usage(), Response.UsageOk.class);
                } catch (Exception e) {
                    problems.add("server stopped serving after " + c.name() + ": " + e);
                    report.increment("crashes");
                }
            }
        }
        report.add("wrong answers", 0);
        report.add("crashes", 0);
        assertEquals(List.of(), problems);
    }

    @Test
    void thousandsOfMutatedFramesGetValidReplyFramesAndNoneIsAccepted() throws Exception {
        byte[][] seeds = {
                frame("{\"op\":\"stat\",\"path\":\"a/b\"}"),
                frame("{\"op\":\"upload\",\"path\":\"x\",\"size\":3,\"overwrite\":true}"),
                frame("{\"op\":\"rename\",\"path\":\"a\",\"to\":\"../b\",\"overwrite\":false}"),
                frame("{\"op\":\"mkdir\",\"path\":\"m/n\"}"), // no seed whose answer carries a body
                frame("{\"op\":\"delete\",\"path\":\"a\",\"recursive\":true}"),
        };
        Random random = new Random(20261122);
        int rounds = Integer.getInteger("ferry.mutations", 3000);
        int invalidReplies = 0;
        try (RawClient client = reconnect(null)) {
            RawClient current = client;
            for (int i = 0; i < rounds; i++) {
                byte[] mutated = mutate(seeds[random.nextInt(seeds.length)], random);
                report.increment("mutated frames sent");
                try {
                    current.sendRaw(mutated);
                    // A usage request after each mutant: if the mutant declared a body, the server reads this as
                    // part of it; only what comes back as frames counts.
                    current.sendRaw(frame("{\"op\":\"usage\"}"));
                } catch (java.io.IOException closedMeanwhile) {
                    current = reconnect(current);
                    continue;
                }
                try {
                    Header reply = current.reader.readHeader();
                    if (reply == null) {
                        current = reconnect(current);
                        continue;
                    }
                    Response r = reply.toResponse(Response.Ok.class);
                    if (!(r instanceof Response.Error)) {
                        report.increment("mutants accepted as requests (valid ones)");
                    }
                    if (r instanceof Response.Error e && e.code().alwaysCloses()) {
                        current = reconnect(current);
                    } else {
                        drainPending(current);
                    }
                } catch (java.net.SocketTimeoutException e) {
                    current = reconnect(current);
                } catch (java.io.EOFException | java.net.SocketException e) {
                    current = reconnect(current);
                } catch (dev.ferry.protocol.ProtocolException e) {
                    if (invalidReplies < 3) {
                        System.out.println("[reliability] invalid reply to " + new String(mutated, StandardCharsets.ISO_8859_1) + ": " + e);
                    }
                    invalidReplies++;
                    current = reconnect(current);
                }
            }
            current.close();
        }
        report.add("invalid reply frames", invalidReplies);
        try (RawClient fresh = server.alice()) {
            fresh.ok(new Request.Usage(), Response.UsageOk.class);
        }
        assertEquals(0, invalidReplies);
    }

    /** Reads whatever replies are already queued (pipelined answers to a mutant that was a valid request). */
    private static void drainPending(RawClient client) throws Exception {
        client.socket.setSoTimeout(200);
        try {
            while (client.in.available() > 0) {
                Header h = client.reader.readHeader();
                if (h == null) {
                    return;
                }
                h.toResponse(Response.Ok.class);
            }
        } finally {
            client.socket.setSoTimeout(1_000);
        }
    }

    private static RawClient reconnect(RawClient old) throws Exception {
        if (old != null) {
            old.close();
        }
        RawClient client = server.alice();
        client.socket.setSoTimeout(1_000); // a mutant that declared a body the server still waits for
        return client;
    }

    private static final String STRUCTURAL = "{}[]\",:\\0.-e\u0000";

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed.clone();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = 4 + random.nextInt(Math.max(1, b.length - 4));
            switch (random.nextInt(4)) {
                case 0 -> b[at] = (byte) random.nextInt(256);
                case 1 -> b[at] = (byte) STRUCTURAL.charAt(random.nextInt(STRUCTURAL.length()));
                case 2 -> b[at] ^= (byte) (1 << random.nextInt(8));
                default -> {
                    int n = random.nextInt(3);
                    for (int k = 0; k < n && at + k < b.length; k++) {
                        b[at + k] = ' ';
                    }
                }
            }
        }
        return b;
    }

    @Test
    void oneBytePerWriteAndManyFramesPerWriteBothWork() throws Exception {
        try (RawClient client = server.alice()) {
            for (byte b : frame("{\"op\":\"usage\"}")) {
                client.sendRaw(new byte[] {b});
            }
            client.read(Response.UsageOk.class);
            byte[] burst = new byte[0];
            for (int i = 0; i < 50; i++) {
                burst = join(burst, frame("{\"op\":\"stat\",\"path\":\"\"}"));
            }
            client.sendRaw(burst);
            for (int i = 0; i < 50; i++) {
                client.read(Response.StatOk.class);
            }
            report.add("hostile inputs tried", 2);
        }
    }
}
