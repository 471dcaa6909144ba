package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Request;
import dev.ferry.protocol.Response;
import dev.ferry.protocol.Scram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PROTOCOL.md §4: each limit enforced, with its error frame sent before the close. */
class LimitsTest {
    @TempDir
    Path data;
    TestServer server;
    final List<RawClient> clients = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (RawClient c : clients) {
            c.close();
        }
        server.close();
    }

    private RawClient connect() throws Exception {
        RawClient c = server.connect();
        clients.add(c);
        return c;
    }

    /** Makes sure the server has accepted and registered the connection (it answers a hello). */
    private RawClient connectAndGreet() throws Exception {
        RawClient c = connect();
        c.ok(new Request.Hello(1, "alice", Scram.newNonce(), null, null), Response.HelloOk.class);
        return c;
    }

    @Test
    void unauthenticatedConnectionsPerAddressAreLimited() throws Exception {
        server = TestServer.start(data, l -> l.maxUnauthenticatedPerAddress(3));
        for (int i = 0; i < 3; i++) {
            connectAndGreet();
        }
        RawClient fourth = connect();
        fourth.readError(ErrorCode.TOO_MANY_CONNECTIONS); // without having said anything
        assertTrue(fourth.isClosedByServer());
    }

    @Test
    void loggedInSessionsDoNotCountAgainstTheUnauthenticatedLimit() throws Exception {
        server = TestServer.start(data, l -> l.maxUnauthenticatedPerAddress(2));
        for (int i = 0; i < 4; i++) {
            RawClient c = connect();
            c.login("alice", TestServer.ALICE_PASSWORD);
        }
        connectAndGreet();
    }

    @Test
    void totalConnectionsAreLimited() throws Exception {
        server = TestServer.start(data, l -> l.maxConnections(2));
        connectAndGreet();
        connectAndGreet();
        RawClient third = connect();
        third.readError(ErrorCode.TOO_MANY_CONNECTIONS);
    }

    @Test
    void aClosedConnectionFreesItsSlot() throws Exception {
        server = TestServer.start(data, l -> l.maxConnections(1));
        RawClient first = connectAndGreet();
        first.send(new Request.Bye());
        first.read(Response.Ok.class);
        assertTrue(first.isClosedByServer());
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            RawClient next = connect();
            Response r = next.request(new Request.Hello(1, "alice", Scram.newNonce(), null, null), Response.HelloOk.class);
            if (r instanceof Response.HelloOk) {
                return;
            }
            RawClient.expectError(r, ErrorCode.TOO_MANY_CONNECTIONS); // the slot is released just after the close
            assertTrue(System.nanoTime() < deadline, "slot never freed");
        }
    }

    @Test
    void sessionsPerUserAreLimitedAtAuth() throws Exception {
        server = TestServer.start(data, l -> l.maxSessionsPerUser(2));
        connect().login("alice", TestServer.ALICE_PASSWORD);
        connect().login("alice", TestServer.ALICE_PASSWORD);
        RawClient third = connect();
        dev.ferry.protocol.ProtocolException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.ferry.protocol.ProtocolException.class, () -> third.login("alice", TestServer.ALICE_PASSWORD));
        assertEquals(ErrorCode.TOO_MANY_CONNECTIONS, e.code());
        connect().login("bob", TestServer.BOB_PASSWORD); // other users are not affected
    }

    @Test
    void idleAuthenticatedConnectionTimesOut() throws Exception {
        server = TestServer.start(data, l -> l.idleTimeout(Duration.ofMillis(300)));
        RawClient c = connect();
        c.login("alice", TestServer.ALICE_PASSWORD);
        c.readError(ErrorCode.TIMEOUT);
        assertTrue(c.isClosedByServer());
    }

    @Test
    void silentConnectionTimesOutDuringTheHandshake() throws Exception {
        server = TestServer.start(data, l -> l.handshakeTimeout(Duration.ofMillis(300)));
        RawClient c = connect();
        c.readError(ErrorCode.TIMEOUT);
    }

    @Test
    void stalledUploadBodyTimesOutAndKeepsThePartial() throws Exception {
        server = TestServer.start(data, l -> l.bodyStallTimeout(Duration.ofMillis(300)));
        RawClient c = connect();
        c.login("alice", TestServer.ALICE_PASSWORD);
        c.ok(new Request.Upload("slow", 100, false, true, null), Response.UploadOk.class);
        c.sendRaw(new byte[40]);
        c.readError(ErrorCode.TIMEOUT);
        try (var files = Files.walk(data.resolve("partials"))) {
            assertEquals(40, files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum());
        }
    }

    @Test
    void badFrameIsAnsweredThenClosedAndTheServerStillServesOthers() throws Exception {
        server = TestServer.start(data);
        RawClient c = connect();
        c.login("alice", TestServer.ALICE_PASSWORD);
        c.sendRaw(new byte[] {0, 1, 0, 1}); // 65537
        c.readError(ErrorCode.BAD_FRAME);
        assertTrue(c.isClosedByServer());
        RawClient fresh = connect();
        fresh.login("alice", TestServer.ALICE_PASSWORD);
        fresh.ok(new Request.Usage(), Response.UsageOk.class);
    }

    @Test
    void oneBytePerWriteSessionWorks() throws Exception {
        server = TestServer.start(data);
        RawClient c = connect();
        c.login("alice", TestServer.ALICE_PASSWORD);
        for (byte b : RawClient.encode(new Request.Usage())) {
            c.sendRaw(new byte[] {b});
        }
        c.read(Response.UsageOk.class);
    }
}
