package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Request;
import dev.ferry.protocol.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reliability group "integrity": disconnects at every edge, resume offsets, disk full, empty files. */
class IntegrityFaultTest {
    @TempDir
    Path data;
    static final ReliabilityReport report = new ReliabilityReport("Integrity faults");

    @AfterAll
    static void write() {
        report.write();
    }

    private static long partialBytes(Path data) throws Exception {
        try (Stream<Path> files = Files.walk(data.resolve("partials"))) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void awaitPartialBytes(Path data, long n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (partialBytes(data) != n) {
            assertTrue(System.nanoTime() < deadline, "partial never reached " + n + " bytes (has " + partialBytes(data) + ")");
            Thread.onSpinWait();
        }
    }

    /** Resumes until the dead connection's lock is released. */
    private static long resumeOffset(RawClient c, String path, long size) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Response r = c.request(new Request.Upload(path, size, false, true, null), Response.UploadOk.class);
            if (r instanceof Response.UploadOk ok) {
                return ok.offset();
            }
            RawClient.expectError(r, ErrorCode.LOCKED);
            assertTrue(System.nanoTime() < deadline);
        }
    }

    @Test
    void disconnectAtEveryEdgeLeavesNothingVisibleAndResumesToTheExactBytes() throws Exception {
        int size = 100_000;
        byte[] content = UploadTest.random(size, 31);
        try (TestServer server = TestServer.start(data)) {
            int[] cuts = {0, 1, size / 2, size - 1, size};
            for (int cut : cuts) {
                String name = "cut-" + cut;
                try (RawClient c = server.alice()) {
                    c.ok(new Request.Upload(name, size, false, true, null), Response.UploadOk.class);
                    c.sendRaw(Arrays.copyOf(content, cut));
                }
                awaitPartialBytes(data, cut);
                assertFalse(Files.exists(server.home("alice").resolve(name)), "nothing visible after a cut at " + cut);
                try (RawClient c = server.alice()) {
                    long offset = resumeOffset(c, name, size);
                    assertEquals(cut, offset);
                    c.sendRaw(Arrays.copyOfRange(content, (int) offset, size));
                    c.ok(new Request.Commit(RawClient.sha256(content)), Response.CommitOk.class);
                    assertArrayEquals(content, Files.readAllBytes(server.home("alice").resolve(name)));
                }
                report.increment("disconnect points tried");
            }
            report.add("corrupt or visible partial files", 0);
        }
    }

    @Test
    void emptyFileAndResumeAtTheLastByteWork() throws Exception {
        try (TestServer server = TestServer.start(data); RawClient c = server.alice()) {
            c.uploadOk("empty", new byte[0]);
            assertEquals(0, Files.size(server.home("alice").resolve("empty")));
            report.increment("edge cases tried");
        }
    }

    /** The second case's bodies are large enough to be written past the page cache (where tmpfs allows it). */
    @ParameterizedTest
    @CsvSource({"4m, 2500000", "100m, 73400320"})
    void diskFullMidBodyIsNoSpaceAndLeavesOldFilesIntact(String diskSize, int bodySize) throws Exception {
        Path mount = Files.createDirectories(data.resolve("small"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + diskSize, "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        Assumptions.assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "needs root to mount a small tmpfs");
        try (TestServer server = TestServer.start(mount)) {
            byte[] keep = UploadTest.random(500_000, 1);
            try (RawClient c = server.alice()) {
                c.uploadOk("keep.bin", keep);
            }
            // Each upload fits the free space on its own; together they do not.
            byte[] big = UploadTest.random(bodySize, 2);
            try (RawClient a = server.alice(); RawClient b = server.alice()) {
                a.ok(new Request.Upload("a.bin", big.length, false, true, null), Response.UploadOk.class);
                b.ok(new Request.Upload("b.bin", big.length, false, true, null), Response.UploadOk.class);
                a.sendRaw(big);
                Response ra = a.request(new Request.Commit(RawClient.sha256(big)), Response.CommitOk.class);
                RawClient.expectNoError(ra);
                try {
                    b.sendRaw(big);
                } catch (java.io.IOException expectedWhenTheServerClosed) {
                    // the error is still readable
                }
                b.readError(ErrorCode.NO_SPACE);
                report.increment("disk-full uploads tried");
            }
            assertArrayEquals(keep, Files.readAllBytes(server.home("alice").resolve("keep.bin")));
            assertFalse(Files.exists(server.home("alice").resolve("b.bin")));
            try (RawClient c = server.alice()) {
                c.error(new Request.Upload("c.bin", 3L * bodySize, false, true, null), ErrorCode.NO_SPACE);
                report.increment("disk-full uploads tried");
            }
        } finally {
            new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor(10, TimeUnit.SECONDS);
        }
        report.add("files damaged by a full disk", 0);
    }

    @Test
    void fileAbove4GiBUploadsAndDownloads() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("ferry.long"), "long test: run with -Dferry.long=true");
        long size = 4L * 1024 * 1024 * 1024 + 4099;
        try (TestServer server = TestServer.start(data); RawClient c = server.alice()) {
            c.ok(new Request.Upload("huge.bin", size, false, true, null), Response.UploadOk.class);
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            byte[] chunk = UploadTest.random(1 << 20, 5);
            for (long sent = 0; sent < size; ) {
                int n = (int) Math.min(chunk.length, size - sent);
                c.out.write(chunk, 0, n);
                digest.update(chunk, 0, n);
                sent += n;
            }
            String sha = java.util.HexFormat.of().formatHex(digest.digest());
            Response.CommitOk ok = c.ok(new Request.Commit(sha), Response.CommitOk.class);
            assertEquals(size, ok.size());
            Response.DownloadOk down = c.ok(new Request.Download("huge.bin", size - 10), Response.DownloadOk.class);
            assertEquals(sha, down.sha256());
            c.reader.readFully(new byte[10], 0, 10);
            report.increment("files above 4 GiB");
        }
    }
}
