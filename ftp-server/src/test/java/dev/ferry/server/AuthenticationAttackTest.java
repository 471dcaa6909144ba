package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.ProtocolException;
import dev.ferry.protocol.Request;
import dev.ferry.protocol.Response;
import dev.ferry.protocol.Scram;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reliability group "authentication": attacks on the login, with counts and timing figures. */
class AuthenticationAttackTest {
    @TempDir
    Path data;
    static final ReliabilityReport report = new ReliabilityReport("Authentication");

    @AfterAll
    static void write() {
        report.write();
    }

    private static String proof(String user, String password, String clientNonce, Response.HelloOk h) {
        byte[] salted = Scram.saltedPassword(password, Base64.getDecoder().decode(h.salt()), (int) h.iterations());
        return Base64.getEncoder().encodeToString(Scram.clientProof(salted,
                Scram.authMessage(user, clientNonce, h.nonce(), h.salt(), h.iterations(), null)));
    }

    @Test
    void proofFromAnotherLiveSessionIsRejected() throws Exception {
        try (TestServer server = TestServer.start(data);
             RawClient a = server.connect();
             RawClient b = server.connect()) {
            String nonceA = Scram.newNonce();
            Response.HelloOk helloA = a.ok(new Request.Hello(1, "alice", nonceA, null, null), Response.HelloOk.class);
            b.ok(new Request.Hello(1, "alice", nonceA, null, null), Response.HelloOk.class); // same client nonce, even
            String proofForA = proof("alice", TestServer.ALICE_PASSWORD, nonceA, helloA);
            b.error(new Request.Auth(proofForA), ErrorCode.AUTH_FAILED);
            a.ok(new Request.Auth(proofForA), Response.AuthOk.class);
            report.add("attacks tried", 1);
        }
    }

    @Test
    void everyWrongPasswordAndTamperedProofFails() throws Exception {
        try (TestServer server = TestServer.start(data, l -> l.authFailureLimit(1_000_000))) {
            int tried = 0;
            for (String wrong : new String[] {"", "x", TestServer.ALICE_PASSWORD.toUpperCase(), TestServer.ALICE_PASSWORD + " ",
                    TestServer.BOB_PASSWORD, "\u0000", "correct horse battery stapl"}) {
                try (RawClient c = server.connect()) {
                    assertEquals(ErrorCode.AUTH_FAILED, assertThrows(ProtocolException.class, () -> c.login("alice", wrong)).code());
                    tried++;
                }
            }
            for (int bit = 0; bit < 256; bit += 7) {
                try (RawClient c = server.connect()) {
                    String nonce = Scram.newNonce();
                    Response.HelloOk h = c.ok(new Request.Hello(1, "alice", nonce, null, null), Response.HelloOk.class);
                    byte[] p = Base64.getDecoder().decode(proof("alice", TestServer.ALICE_PASSWORD, nonce, h));
                    p[bit / 8] ^= (byte) (1 << (bit % 8));
                    c.error(new Request.Auth(Base64.getEncoder().encodeToString(p)), ErrorCode.AUTH_FAILED);
                    tried++;
                }
            }
            for (String garbage : new String[] {"", "====", "AAAA", "A".repeat(10_000), "not base64 at all"}) {
                try (RawClient c = server.connect()) {
                    c.ok(new Request.Hello(1, "alice", Scram.newNonce(), null, null), Response.HelloOk.class);
                    c.error(new Request.Auth(garbage), ErrorCode.AUTH_FAILED);
                    tried++;
                }
            }
            report.add("attacks tried", tried);
            report.add("logins accepted", 0);
        }
    }

    /**
     * An unknown name and a wrong password for a real name must not be told apart by timing.
     * Alternating samples, compared by median and by a rank test.
     */
    @Test
    void unknownUserAndWrongPasswordTakeTheSameTime() throws Exception {
        try (TestServer server = TestServer.start(data, l -> l.authFailureLimit(1_000_000))) {
            int samples = 300;
            long[] known = new long[samples];
            long[] unknown = new long[samples];
            for (int i = 0; i < samples * 2; i++) {
                boolean real = i % 2 == 0;
                long t = timeFailedLogin(server, real ? "alice" : "nobody" + (i % 7));
                if (i >= 0) {
                    (real ? known : unknown)[i / 2] = t;
                }
            }
            double medianKnown = median(known) / 1e6;
            double medianUnknown = median(unknown) / 1e6;
            double z = mannWhitneyZ(known, unknown);
            report.add("timing samples", samples * 2L);
            report.figure("median auth round trip, real user", String.format("%.3f ms", medianKnown));
            report.figure("median auth round trip, unknown user", String.format("%.3f ms", medianUnknown));
            report.figure("Mann-Whitney z", String.format("%.2f", z));
            assertTrue(Math.abs(medianKnown - medianUnknown) < 0.5,
                    "medians differ: " + medianKnown + " ms vs " + medianUnknown + " ms");
        }
    }

    /** Time from sending auth to receiving AUTH_FAILED. */
    private static long timeFailedLogin(TestServer server, String user) throws Exception {
        try (RawClient c = server.connect()) {
            String nonce = Scram.newNonce();
            Response.HelloOk h = c.ok(new Request.Hello(1, user, nonce, null, null), Response.HelloOk.class);
            Request.Auth auth = new Request.Auth(Base64.getEncoder().encodeToString(new byte[32]));
            long start = System.nanoTime();
            Response r = c.request(auth, Response.AuthOk.class);
            long elapsed = System.nanoTime() - start;
            RawClient.expectError(r, ErrorCode.AUTH_FAILED);
            return elapsed;
        }
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Normal approximation of the Mann-Whitney U statistic; |z| < 2 is "no evidence of a difference". */
    private static double mannWhitneyZ(long[] a, long[] b) {
        int n1 = a.length;
        int n2 = b.length;
        long[][] all = new long[n1 + n2][];
        for (int i = 0; i < n1; i++) {
            all[i] = new long[] {a[i], 0};
        }
        for (int i = 0; i < n2; i++) {
            all[n1 + i] = new long[] {b[i], 1};
        }
        Arrays.sort(all, (x, y) -> Long.compare(x[0], y[0]));
        double rankSumA = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i][1] == 0) {
                rankSumA += i + 1;
            }
        }
        double u = rankSumA - n1 * (n1 + 1) / 2.0;
        double mean = n1 * n2 / 2.0;
        double sd = Math.sqrt(n1 * n2 * (n1 + n2 + 1) / 12.0);
        return (u - mean) / sd;
    }

    @Test
    void rateLimitHoldsEvenForTheRightPasswordAndCountsMalformedProofs() throws Exception {
        try (TestServer server = TestServer.start(data, l -> l.authFailureLimit(3))) {
            for (int i = 0; i < 3; i++) {
                try (RawClient c = server.connect()) {
                    c.ok(new Request.Hello(1, "alice", Scram.newNonce(), null, null), Response.HelloOk.class);
                    c.error(new Request.Auth("garbage"), ErrorCode.AUTH_FAILED);
                }
            }
            try (RawClient c = server.connect()) {
                assertEquals(ErrorCode.RATE_LIMITED, assertThrows(ProtocolException.class,
                        () -> c.login("alice", TestServer.ALICE_PASSWORD)).code());
            }
            report.add("attacks tried", 4);
        }
    }

    @Test
    void abandonedHandshakesDoNotCountAsFailures() throws Exception {
        try (TestServer server = TestServer.start(data, l -> l.authFailureLimit(2))) {
            for (int i = 0; i < 20; i++) {
                try (RawClient c = server.connect()) {
                    c.ok(new Request.Hello(1, "alice", Scram.newNonce(), null, null), Response.HelloOk.class);
                }
            }
            try (RawClient c = server.alice()) {
                c.ok(new Request.Usage(), Response.UsageOk.class);
            }
        }
    }
}
