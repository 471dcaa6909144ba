package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.protocol.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability group "crashes": kill -9 of the server at random moments during a stream of
 * uploads, restart, then check that every acknowledged file is there and whole, that no
 * visible file is partial or corrupt, and that stale partials are swept at start-up.
 */
class CrashTest {
    @TempDir
    Path data;
    static final ReliabilityReport report = new ReliabilityReport("Crashes (kill -9)");

    @AfterAll
    static void write() {
        report.write();
    }

    /** The bytes an upload of this name carries: derived from the name, so any visible file can be checked. */
    static byte[] contentOf(String name) {
        Random random = new Random(name.hashCode());
        byte[] b = new byte[random.nextInt(300_000)];
        random.nextBytes(b);
        return b;
    }

    @Test
    void acknowledgedUploadsSurviveKillNineAndNothingHalfIsVisible() throws Exception {
        int rounds = Integer.getInteger("ferry.crashRounds", 12);
        Random moments = new Random(7);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        int attempted = 0;
        for (int round = 0; round < rounds; round++) {
            ServerProcess server = ServerProcess.start(data);
            List<String> started = Collections.synchronizedList(new ArrayList<>());
            int finalRound = round;
            java.util.concurrent.CountDownLatch streaming = new java.util.concurrent.CountDownLatch(1);
            Thread uploader = Thread.ofPlatform().start(() -> uploadUntilKilled(server, finalRound, started, acknowledged, streaming));
            assertTrue(streaming.await(60, TimeUnit.SECONDS), "uploads started");
            // A random moment into the stream of uploads (choosing when to crash, not waiting for anything).
            TimeUnit.MILLISECONDS.sleep(moments.nextInt(300));
            server.kill9();
            uploader.join(TimeUnit.SECONDS.toMillis(30));
            attempted += started.size();
            report.increment("kill -9 points");
        }
        report.add("uploads attempted", attempted);
        report.add("uploads acknowledged", acknowledged.size());

        // Restart with a tiny expiry: every partial left by the crashes is stale and must be swept at start-up.
        long partialsBefore = countFiles(data.resolve("partials"));
        ServerProcess last = ServerProcess.start(data, "--partial-expiry", "1ms");
        try {
            assertEquals(0, countFiles(data.resolve("partials")), "stale partials swept at start-up");
            report.add("stale partials swept", partialsBefore);
            Path home = data.resolve("homes/alice");
            int lost = 0;
            for (String name : acknowledged) {
                Path file = home.resolve(name);
                if (!Files.exists(file) || !java.util.Arrays.equals(contentOf(name), Files.readAllBytes(file))) {
                    lost++;
                }
            }
            int corrupt = 0;
            try (Stream<Path> visible = Files.list(home)) {
                for (Path file : visible.toList()) {
                    if (!java.util.Arrays.equals(contentOf(file.getFileName().toString()), Files.readAllBytes(file))) {
                        corrupt++;
                    }
                }
            }
            report.add("acknowledged files lost or corrupt", lost);
            report.add("visible partial or corrupt files", corrupt);
            assertEquals(0, lost);
            assertEquals(0, corrupt);
            try (RawClient c = last.connect()) {
                c.login("alice", TestServer.ALICE_PASSWORD);
                String any = acknowledged.stream().findFirst().orElseThrow();
                assertArrayEquals(contentOf(any), c.download(any));
            }
            assertTrue(acknowledged.size() > rounds, "the stream of uploads made progress: " + acknowledged.size());
        } finally {
            last.close();
        }
    }

    private static void uploadUntilKilled(ServerProcess server, int round, List<String> started, Set<String> acknowledged,
                                          java.util.concurrent.CountDownLatch streaming) {
        try (RawClient c = server.connect()) {
            c.login("alice", TestServer.ALICE_PASSWORD);
            for (int i = 0; ; i++) {
                String name = "r" + round + "-f" + i + ".bin";
                byte[] content = contentOf(name);
                started.add(name);
                Response r = c.upload(name, content, false);
                if (r instanceof Response.CommitOk) {
                    acknowledged.add(name);
                    streaming.countDown();
                }
            }
        } catch (Exception | AssertionError killed) {
            // the server died under us: that is the point
        } finally {
            streaming.countDown();
        }
    }

    private static long countFiles(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
