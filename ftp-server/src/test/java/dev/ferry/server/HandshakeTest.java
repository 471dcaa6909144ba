package dev.ferry.server;

import static dev.ferry.server.TestServer.ALICE;
import static dev.ferry.server.TestServer.ALICE_PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.ProtocolException;
import dev.ferry.protocol.Request;
import dev.ferry.protocol.Response;
import dev.ferry.protocol.Scram;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandshakeTest {
    @TempDir
    Path data;
    TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(data);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Request.Hello hello(String user) {
        return new Request.Hello(1, user, Scram.newNonce(), "test", null);
    }

    @Test
    void correctPasswordLogsInAndServerProvesItKnowsThePassword() throws Exception {
        try (RawClient client = server.alice()) {
            assertInstanceOf(Response.UsageOk.class, client.ok(new Request.Usage(), Response.UsageOk.class));
        }
    }

    @Test
    void wrongPasswordIsAuthFailedAndCloses() throws Exception {
        try (RawClient client = server.connect()) {
            ProtocolException e = assertThrows(ProtocolException.class, () -> client.login(ALICE, "wrong"));
            assertEquals(ErrorCode.AUTH_FAILED, e.code());
            assertTrue(client.isClosedByServer());
        }
    }

    @Test
    void unknownUserGetsAChallengeShapedLikeARealOneAndTheSameFailure() throws Exception {
        Response.HelloOk real;
        Response.HelloOk fake1;
        Response.HelloOk fake2;
        try (RawClient c = server.connect()) {
            real = c.ok(hello(ALICE), Response.HelloOk.class);
        }
        try (RawClient c = server.connect()) {
            fake1 = c.ok(hello("nobody"), Response.HelloOk.class);
        }
        try (RawClient c = server.connect()) {
            fake2 = c.ok(hello("nobody"), Response.HelloOk.class);
        }
        assertEquals(Base64.getDecoder().decode(real.salt()).length, Base64.getDecoder().decode(fake1.salt()).length);
        assertEquals(real.server(), fake1.server());
        assertEquals(fake1.salt(), fake2.salt(), "a fake salt is stable across attempts");
        assertEquals(real.nonce().length(), fake1.nonce().length());

        ProtocolException wrongPassword;
        ProtocolException unknownUser;
        try (RawClient c = server.connect()) {
            wrongPassword = assertThrows(ProtocolException.class, () -> c.login(ALICE, "nope"));
        }
        try (RawClient c = server.connect()) {
            unknownUser = assertThrows(ProtocolException.class, () -> c.login("nobody", "nope"));
        }
        assertEquals(wrongPassword.code(), unknownUser.code());
        assertEquals(wrongPassword.getMessage(), unknownUser.getMessage());
    }

    @Test
    void operationBeforeLoginIsAuthRequiredAndCloses() throws Exception {
        try (RawClient c = server.connect()) {
            c.error(new Request.ListFiles(""), ErrorCode.AUTH_REQUIRED);
            assertTrue(c.isClosedByServer());
        }
    }

    @Test
    void unknownOpBeforeLoginIsAuthRequired() throws Exception {
        try (RawClient c = server.connect()) {
            c.sendJson("{\"op\":\"format-disk\"}");
            c.readError(ErrorCode.AUTH_REQUIRED);
            assertTrue(c.isClosedByServer());
        }
    }

    @Test
    void missingOpBeforeLoginIsBadRequestAndCloses() throws Exception {
        try (RawClient c = server.connect()) {
            c.sendJson("{\"user\":\"alice\"}");
            c.readError(ErrorCode.BAD_REQUEST);
            assertTrue(c.isClosedByServer());
        }
    }

    @Test
    void authWithoutHelloIsBadRequestAndCloses() throws Exception {
        try (RawClient c = server.connect()) {
            c.error(new Request.Auth("AAAA"), ErrorCode.BAD_REQUEST);
            assertTrue(c.isClosedByServer());
        }
    }

    @Test
    void secondHelloIsBadRequestAndCloses() throws Exception {
        try (RawClient c = server.connect()) {
            c.ok(hello(ALICE), Response.HelloOk.class);
            c.error(hello(ALICE), ErrorCode.BAD_REQUEST);
            assertTrue(c.isClosedByServer());
        }
    }

    @Test
    void malformedHelloIsBadRequestAndCloses() throws Exception {
        try (RawClient c = server.connect()) {
            c.sendJson("{\"op\":\"hello\",\"version\":1,\"user\":\"../root\",\"nonce\":\"" + Scram.newNonce() + "\"}");
            c.readError(ErrorCode.BAD_REQUEST);
            assertTrue(c.isClosedByServer());
        }
    }

    @Test
    void unsupportedVersionListsTheSupportedOnesAndCloses() throws Exception {
        try (RawClient c = server.connect()) {
            Response.Error e = c.error(new Request.Hello(2, ALICE, Scram.newNonce(), null, null), ErrorCode.UNSUPPORTED_VERSION);
            assertEquals(List.of(1), e.versions());
            assertTrue(c.isClosedByServer());
        }
    }

    @Test
    void byeBeforeLoginIsOkAndCloses() throws Exception {
        try (RawClient c = server.connect()) {
            c.ok(new Request.Bye(), Response.Ok.class);
            assertTrue(c.isClosedByServer());
        }
    }

    @Test
    void malformedProofIsAuthFailed() throws Exception {
        try (RawClient c = server.connect()) {
            c.ok(hello(ALICE), Response.HelloOk.class);
            c.error(new Request.Auth("not base64!"), ErrorCode.AUTH_FAILED);
        }
    }

    @Test
    void proofReplayedInAnotherSessionFails() throws Exception {
        // A proof is bound to the server nonce of its own session.
        String clientNonce = Scram.newNonce();
        String proof;
        try (RawClient c = server.connect()) {
            Response.HelloOk h = c.ok(new Request.Hello(1, ALICE, clientNonce, null, null), Response.HelloOk.class);
            byte[] salted = Scram.saltedPassword(ALICE_PASSWORD, Base64.getDecoder().decode(h.salt()), (int) h.iterations());
            proof = Base64.getEncoder().encodeToString(Scram.clientProof(salted,
                    Scram.authMessage(ALICE, clientNonce, h.nonce(), h.salt(), h.iterations(), null)));
            c.ok(new Request.Auth(proof), Response.AuthOk.class);
        }
        try (RawClient c = server.connect()) {
            c.ok(new Request.Hello(1, ALICE, clientNonce, null, null), Response.HelloOk.class);
            c.error(new Request.Auth(proof), ErrorCode.AUTH_FAILED);
        }
    }

    @Test
    void channelBindingOnAPlainConnectionIsAuthFailed() throws Exception {
        try (RawClient c = server.connect()) {
            c.error(new Request.Hello(1, ALICE, Scram.newNonce(), null, "tls-server-end-point"), ErrorCode.AUTH_FAILED);
        }
    }

    @Test
    void helloAndAuthAfterLoginAreBadRequestAndTheSessionGoesOn() throws Exception {
        try (RawClient c = server.alice()) {
            c.error(hello(ALICE), ErrorCode.BAD_REQUEST);
            c.error(new Request.Auth("AAAA"), ErrorCode.BAD_REQUEST);
            c.ok(new Request.Usage(), Response.UsageOk.class);
        }
    }

    @Test
    void userFieldAfterLoginIsIgnored() throws Exception {
        try (RawClient bob = server.login(TestServer.BOB, TestServer.BOB_PASSWORD)) {
            bob.uploadOk("bobs.txt", new byte[] {1});
        }
        try (RawClient c = server.alice()) {
            c.sendJson("{\"op\":\"usage\",\"user\":\"bob\"}");
            Response.UsageOk usage = (Response.UsageOk) c.read(Response.UsageOk.class);
            assertEquals(ALICE, usage.user());
            assertEquals(0, usage.files());
        }
    }

    @Test
    void elevenFailuresRateLimitTheAddressEvenForTheRightPassword() throws Exception {
        for (int i = 0; i < 10; i++) {
            try (RawClient c = server.connect()) {
                assertThrows(ProtocolException.class, () -> c.login(ALICE, "wrong"));
            }
        }
        try (RawClient c = server.connect()) {
            Response.Error e = c.error(hello(ALICE), ErrorCode.RATE_LIMITED);
            assertNotNull(e.retryAfter());
            assertTrue(e.retryAfter() > 0 && e.retryAfter() <= 60, "retry_after " + e.retryAfter());
            assertTrue(c.isClosedByServer());
        }
    }

    @Test
    void userAddedWhileRunningCanLogInWithoutRestart() throws Exception {
        new UserStore(data.resolve("users")).update(users -> {
            users.put("carol", new User("carol", Passwords.credentials("carol-pw", 4096), null, false));
            return users;
        });
        try (RawClient c = server.login("carol", "carol-pw")) {
            c.ok(new Request.Usage(), Response.UsageOk.class);
        }
    }

    @Test
    void handshakeDrippedOneByteAtATimeStillHitsTheDeadline() throws Exception {
        server.close();
        server = TestServer.start(data, l -> l.handshakeTimeout(Duration.ofMillis(500)));
        try (RawClient c = server.connect()) {
            byte[] frame = RawClient.encode(hello(ALICE));
            long started = System.nanoTime();
            // A slow-loris: one byte every 100 ms (pacing the attack, not waiting for the server).
            for (int i = 0; i < frame.length - 1 && c.in.available() == 0; i++) {
                try {
                    c.sendRaw(new byte[] {frame[i]});
                } catch (java.io.IOException closed) {
                    break;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
            }
            c.readError(ErrorCode.TIMEOUT);
            assertTrue(System.nanoTime() - started < 5_000_000_000L, "the deadline, not a per-read timeout, ended it");
        }
    }
}
