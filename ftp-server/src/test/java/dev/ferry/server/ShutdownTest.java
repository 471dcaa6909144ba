package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.protocol.Request;
import dev.ferry.protocol.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stop accepting, let running transfers finish within the grace period, then abort and keep partials. */
class ShutdownTest {
    @TempDir
    Path data;

    @Test
    void idleConnectionsCloseAtOnceAndNewOnesAreRefused() throws Exception {
        TestServer server = TestServer.start(data, l -> l.shutdownGrace(Duration.ofSeconds(30)));
        int port = server.port();
        RawClient idle = server.alice();
        long started = System.nanoTime();
        server.close();
        assertTrue(System.nanoTime() - started < 10_000_000_000L, "an idle connection does not hold up the stop");
        assertTrue(idle.isClosedByServer());
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> new RawClient(port));
    }

    @Test
    void transferRunningAtStopFinishesWithinTheGrace() throws Exception {
        TestServer server = TestServer.start(data, l -> l.shutdownGrace(Duration.ofSeconds(30)));
        byte[] content = UploadTest.random(2_000_000, 11);
        RawClient c = server.alice();
        c.ok(new Request.Upload("f", content.length, false, true, null), Response.UploadOk.class);
        c.sendRaw(Arrays.copyOf(content, 1000)); // the upload is under way when the stop begins
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);
        c.sendRaw(Arrays.copyOfRange(content, 1000, content.length));
        c.ok(new Request.Commit(RawClient.sha256(content)), Response.CommitOk.class);
        stopping.get();
        assertArrayEquals(content, Files.readAllBytes(server.home("alice").resolve("f")));
    }

    @Test
    void transferStillRunningAfterTheGraceIsAbortedAndItsPartialKeptForResume() throws Exception {
        TestServer server = TestServer.start(data, l -> l.shutdownGrace(Duration.ofMillis(200)));
        byte[] content = UploadTest.random(100_000, 12);
        RawClient c = server.alice();
        c.ok(new Request.Upload("f", content.length, false, true, null), Response.UploadOk.class);
        c.sendRaw(Arrays.copyOf(content, 30_000));
        awaitPartialSize(30_000);
        server.close();
        assertTrue(c.isClosedByServer());
        assertFalse(Files.exists(server.home("alice").resolve("f")), "no half file is visible");

        TestServer again = TestServer.start(data);
        try (RawClient r = again.alice()) {
            Response.UploadOk ok = r.ok(new Request.Upload("f", content.length, false, true, null), Response.UploadOk.class);
            assertEquals(30_000, ok.offset());
            r.sendRaw(Arrays.copyOfRange(content, 30_000, content.length));
            r.ok(new Request.Commit(RawClient.sha256(content)), Response.CommitOk.class);
            assertArrayEquals(content, r.download("f"));
        } finally {
            again.close();
        }
    }

    private void awaitPartialSize(long size) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (var files = Files.walk(data.resolve("partials"))) {
                if (files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum() >= size) {
                    return;
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("partial never reached " + size + " bytes");
    }
}
