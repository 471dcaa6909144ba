package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Request;
import dev.ferry.protocol.Response;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UploadTest extends AliceSessionTest {
    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private long partialCount() throws Exception {
        Path partials = data.resolve("partials");
        try (Stream<Path> files = Files.walk(partials)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    /** Over 4 MiB: hashed on a thread of its own; over 32 MiB: also forced to disk while arriving. */
    @ParameterizedTest
    @ValueSource(ints = {5 * 1024 * 1024 + 17, 70 * 1024 * 1024 + 5})
    void uploadedFileArrivesWholeAndMatchesItsHash(int size) throws Exception {
        byte[] content = random(size, 1);
        Response.CommitOk ok = (Response.CommitOk) alice.upload("dir/big.bin", content, false);
        assertEquals(content.length, ok.size());
        assertEquals(RawClient.sha256(content), ok.sha256());
        assertArrayEquals(content, Files.readAllBytes(server.home("alice").resolve("dir/big.bin")));
        assertEquals(0, partialCount(), "no partial is left behind");
    }

    /**
     * A client that sends the body before the offset answer (as it may when it starts from
     * byte 0): the body's first bytes arrive with the request, inside the server's frame
     * buffer, and the rest on the socket. Both must land, in order.
     */
    @ParameterizedTest
    @ValueSource(ints = {1000, 300_000})
    void bodyBytesThatArriveWithTheRequestAreKept(int size) throws Exception {
        byte[] content = random(size, 3);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(RawClient.encode(new Request.Upload("early.bin", size, false, false, null)));
        all.write(content);
        all.write(RawClient.encode(new Request.Commit(RawClient.sha256(content))));
        alice.sendRaw(all.toByteArray());
        assertEquals(0, ((Response.UploadOk) alice.read(Response.UploadOk.class)).offset());
        assertEquals(size, ((Response.CommitOk) alice.read(Response.CommitOk.class)).size());
        assertArrayEquals(content, Files.readAllBytes(server.home("alice").resolve("early.bin")));
        alice.ok(new Request.Usage(), Response.UsageOk.class); // the frames after the body are still in step
    }

    @Test
    void emptyFileUploads() throws Exception {
        alice.uploadOk("empty", new byte[0]);
        assertEquals(0, Files.size(server.home("alice").resolve("empty")));
    }

    @Test
    void uploadIsInvisibleUntilCommitted() throws Exception {
        byte[] content = random(1000, 2);
        alice.ok(new Request.Upload("f", content.length, false, true, null), Response.UploadOk.class);
        alice.sendRaw(content);
        // Body fully sent, commit not yet: nothing at the path, not in a listing, not on disk in the home.
        try (RawClient other = server.alice()) {
            other.error(new Request.Stat("f"), ErrorCode.NOT_FOUND);
        }
        assertFalse(Files.exists(server.home("alice").resolve("f")));
        alice.ok(new Request.Commit(RawClient.sha256(content)), Response.CommitOk.class);
        assertTrue(Files.exists(server.home("alice").resolve("f")));
    }

    @Test
    void existingFileIsRefusedWithoutOverwriteBeforeAnyByteFlows() throws Exception {
        alice.uploadOk("f", new byte[] {1});
        alice.error(new Request.Upload("f", 5, false, true, null), ErrorCode.EXISTS);
        alice.ok(new Request.Usage(), Response.UsageOk.class);
    }

    @Test
    void overwriteReplacesTheFile() throws Exception {
        alice.uploadOk("f", new byte[] {1});
        Response r = alice.upload("f", new byte[] {2, 2}, true);
        assertTrue(r instanceof Response.CommitOk, r.toString());
        assertArrayEquals(new byte[] {2, 2}, alice.download("f"));
    }

    @Test
    void checksumMismatchDiscardsThePartialKeepsTheOldFileAndTheSession() throws Exception {
        alice.uploadOk("f", new byte[] {1});
        alice.ok(new Request.Upload("f", 3, true, true, null), Response.UploadOk.class);
        alice.sendRaw(new byte[] {7, 7, 7});
        alice.error(new Request.Commit("0".repeat(64)), ErrorCode.CHECKSUM_MISMATCH);
        assertArrayEquals(new byte[] {1}, alice.download("f"), "a failed upload never damages the existing file");
        assertEquals(0, partialCount());
    }

    @Test
    void uploadOntoADirectoryIsIsADirectory() throws Exception {
        alice.ok(new Request.Mkdir("d"), Response.MkdirOk.class);
        alice.error(new Request.Upload("d", 1, true, true, null), ErrorCode.IS_A_DIRECTORY);
    }

    @Test
    void uploadBelowAFileIsNotADirectory() throws Exception {
        alice.uploadOk("f", new byte[] {1});
        alice.error(new Request.Upload("f/g", 1, true, true, null), ErrorCode.NOT_A_DIRECTORY);
    }

    @Test
    void uploadOntoTheHomeIsForbidden() throws Exception {
        alice.error(new Request.Upload("/", 1, true, true, null), ErrorCode.FORBIDDEN);
    }

    @Test
    void mtimeIsApplied() throws Exception {
        Instant mtime = Instant.parse("2001-02-03T04:05:06Z");
        alice.ok(new Request.Upload("old", 1, false, true, mtime), Response.UploadOk.class);
        alice.sendRaw(new byte[] {9});
        alice.ok(new Request.Commit(RawClient.sha256(new byte[] {9})), Response.CommitOk.class);
        assertEquals(mtime, alice.ok(new Request.Stat("old"), Response.StatOk.class).mtime());
    }

    /**
     * Small bodies are hashed on the connection's thread, bodies over 4 MiB on a thread of their
     * own; the third case resumes past the first early write-back. Bodies over 64 MiB are
     * written past the page cache in whole 4 MiB chunks: cut inside a chunk, what arrived of it
     * is kept; the last case also resumes from an offset off every block boundary.
     */
    @ParameterizedTest
    @CsvSource({"200000, 120000", "6291461, 5242883", "75497479, 41943049", "73400323, 1049999"})
    void interruptedUploadResumesFromTheBytesKept(int size, int cut) throws Exception {
        byte[] content = random(size, 3);
        try (RawClient first = server.alice()) {
            assertEquals(0, first.ok(new Request.Upload("r.bin", content.length, false, true, null), Response.UploadOk.class).offset());
            first.sendRaw(java.util.Arrays.copyOf(content, cut));
        } // disconnect mid-body
        long offset = awaitResumeOffset("r.bin", content.length);
        assertEquals(cut, offset);
        alice.sendRaw(java.util.Arrays.copyOfRange(content, (int) offset, content.length));
        alice.ok(new Request.Commit(RawClient.sha256(content)), Response.CommitOk.class);
        assertArrayEquals(content, alice.download("r.bin"));
    }

    /** Asks for a resume until the dead connection's lock is gone (it goes once the server's read fails). */
    private long awaitResumeOffset(String path, long size) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            Response r = alice.request(new Request.Upload(path, size, false, true, null), Response.UploadOk.class);
            if (r instanceof Response.UploadOk ok) {
                return ok.offset();
            }
            RawClient.expectError(r, ErrorCode.LOCKED);
            if (System.nanoTime() > deadline) {
                throw new AssertionError("lock of a dead connection was never released");
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void resumeFalseStartsOver() throws Exception {
        byte[] content = random(50_000, 4);
        try (RawClient first = server.alice()) {
            first.ok(new Request.Upload("r.bin", content.length, false, true, null), Response.UploadOk.class);
            first.sendRaw(java.util.Arrays.copyOf(content, 30_000));
        }
        awaitResumeOffset("r.bin", content.length);
        alice.close();
        alice = server.alice();
        Response r;
        long deadline = System.nanoTime() + 10_000_000_000L;
        do {
            r = alice.request(new Request.Upload("r.bin", content.length, false, false, null), Response.UploadOk.class);
        } while (r instanceof Response.Error && System.nanoTime() < deadline);
        assertEquals(0, ((Response.UploadOk) r).offset());
    }

    @Test
    void resumeWithADifferentSizeStartsOver() throws Exception {
        try (RawClient first = server.alice()) {
            first.ok(new Request.Upload("r.bin", 1000, false, true, null), Response.UploadOk.class);
            first.sendRaw(new byte[500]);
        }
        try (RawClient unrelated = server.alice()) { // another path's partial is not touched
            unrelated.ok(new Request.Upload("r.bin.old", 1000, false, true, null), Response.UploadOk.class);
            unrelated.sendRaw(new byte[300]);
        }
        awaitResumeOffset("r.bin", 1000);
        alice.close();
        alice = server.alice();
        long deadline = System.nanoTime() + 10_000_000_000L;
        Response r;
        do {
            r = alice.request(new Request.Upload("r.bin", 2000, false, true, null), Response.UploadOk.class);
        } while (r instanceof Response.Error && System.nanoTime() < deadline);
        assertEquals(0, ((Response.UploadOk) r).offset());
        assertEquals(2, partialCount(), "the 500 bytes kept for the other size are gone; the new partial and r.bin.old's are left");
    }

    @Test
    void aPartialOfAnotherSizeLeftBeforeARestartIsDiscarded() throws Exception {
        try (RawClient first = server.alice()) {
            first.ok(new Request.Upload("r.bin", 1000, false, true, null), Response.UploadOk.class);
            first.sendRaw(new byte[500]);
        }
        assertEquals(500, awaitResumeOffset("r.bin", 1000));
        alice.close();
        server.close();
        server = TestServer.start(data);
        alice = server.alice();
        assertEquals(0, alice.ok(new Request.Upload("r.bin", 2000, false, true, null), Response.UploadOk.class).offset());
        assertEquals(1, partialCount(), "the partial of the other size, found by the start-up sweep, is gone");
    }

    @Test
    void localFileChangedSinceTheInterruptionIsAChecksumMismatchAtCommit() throws Exception {
        byte[] original = random(10_000, 5);
        try (RawClient first = server.alice()) {
            first.ok(new Request.Upload("c.bin", original.length, false, true, null), Response.UploadOk.class);
            first.sendRaw(java.util.Arrays.copyOf(original, 4_000));
        }
        long offset = awaitResumeOffset("c.bin", original.length);
        byte[] changed = random(10_000, 6);
        alice.sendRaw(java.util.Arrays.copyOfRange(changed, (int) offset, changed.length));
        alice.error(new Request.Commit(RawClient.sha256(changed)), ErrorCode.CHECKSUM_MISMATCH);
    }

    @Test
    void concurrentUploadOfTheSamePathIsLocked() throws Exception {
        alice.ok(new Request.Upload("same", 100, false, true, null), Response.UploadOk.class);
        try (RawClient second = server.alice()) {
            Response.Error e = second.error(new Request.Upload("same", 100, false, true, null), ErrorCode.LOCKED);
            assertTrue(e.retryAfter() != null && e.retryAfter() > 0);
            second.ok(new Request.Upload("other", 1, false, true, null), Response.UploadOk.class);
        }
    }

    @Test
    void nonCommitFrameAfterTheBodyIsBadRequestClosesAndKeepsThePartial() throws Exception {
        alice.ok(new Request.Upload("k", 10, false, true, null), Response.UploadOk.class);
        alice.sendRaw(new byte[10]);
        alice.error(new Request.Usage(), ErrorCode.BAD_REQUEST);
        assertTrue(alice.isClosedByServer());
        assertEquals(1, partialCount());
    }

    @Test
    void malformedCommitHashIsBadRequestAndCloses() throws Exception {
        alice.ok(new Request.Upload("k", 1, false, true, null), Response.UploadOk.class);
        alice.sendRaw(new byte[1]);
        alice.sendJson("{\"op\":\"commit\",\"sha256\":\"xyz\"}");
        alice.readError(ErrorCode.BAD_REQUEST);
        assertTrue(alice.isClosedByServer());
    }

    @Test
    void fileAppearingDuringTheUploadFailsTheCommitWithExists() throws Exception {
        alice.ok(new Request.Upload("race", 1, false, true, null), Response.UploadOk.class);
        alice.sendRaw(new byte[] {1});
        Files.writeString(server.home("alice").resolve("race"), "someone else's");
        alice.error(new Request.Commit(RawClient.sha256(new byte[] {1})), ErrorCode.EXISTS);
        assertEquals("someone else's", Files.readString(server.home("alice").resolve("race")));
        assertEquals(0, partialCount());
        alice.ok(new Request.Usage(), Response.UsageOk.class);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void directoryAppearingDuringTheUploadFailsTheCommitWithIsADirectory(boolean overwrite) throws Exception {
        alice.ok(new Request.Upload("race", 1, overwrite, true, null), Response.UploadOk.class);
        alice.sendRaw(new byte[] {1});
        Files.createDirectories(server.home("alice").resolve("race/inside"));
        alice.error(new Request.Commit(RawClient.sha256(new byte[] {1})), ErrorCode.IS_A_DIRECTORY);
        assertTrue(Files.isDirectory(server.home("alice").resolve("race/inside")));
        assertEquals(0, partialCount());
        alice.ok(new Request.Usage(), Response.UsageOk.class);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void linkAppearingAtTheNameDuringTheUploadIsForbiddenAndStaysALink(boolean overwrite) throws Exception {
        Path outside = Files.writeString(data.resolve("outside.txt"), "not alice's");
        Path name = server.home("alice").resolve("race");
        alice.ok(new Request.Upload("race", 1, overwrite, true, null), Response.UploadOk.class);
        alice.sendRaw(new byte[] {1});
        Files.createSymbolicLink(name, outside);
        alice.error(new Request.Commit(RawClient.sha256(new byte[] {1})), ErrorCode.FORBIDDEN);
        assertTrue(Files.isSymbolicLink(name));
        assertEquals("not alice's", Files.readString(outside));
        assertEquals(0, partialCount());
        alice.ok(new Request.Usage(), Response.UsageOk.class);
    }

    @Test
    void fileAppearingDuringAnOverwritingUploadIsReplaced() throws Exception {
        alice.ok(new Request.Upload("race", 1, true, true, null), Response.UploadOk.class);
        alice.sendRaw(new byte[] {1});
        Files.writeString(server.home("alice").resolve("race"), "someone else's");
        alice.ok(new Request.Commit(RawClient.sha256(new byte[] {1})), Response.CommitOk.class);
        assertArrayEquals(new byte[] {1}, Files.readAllBytes(server.home("alice").resolve("race")));
        assertEquals(0, partialCount());
    }

    @Test
    void aCommitLeavesNoPartialAndTheFileHasOneLink() throws Exception {
        alice.uploadOk("dir/f", new byte[] {1, 2});
        assertEquals(0, partialCount());
        assertEquals(1, Files.getAttribute(server.home("alice").resolve("dir/f"), "unix:nlink"));
    }

    @Test
    void quotaIsCheckedBeforeTheFirstByte() throws Exception {
        server.close();
        server = TestServer.withQuota(data.resolve("q"), 1000);
        try (RawClient c = server.alice()) {
            c.uploadOk("a", new byte[600]);
            Response.Error e = c.error(new Request.Upload("b", 500, false, true, null), ErrorCode.QUOTA_EXCEEDED);
            assertTrue(e.message().contains("400"), e.message());
            c.uploadOk("b", new byte[400]);
            assertEquals(1000L, c.ok(new Request.Usage(), Response.UsageOk.class).quotaBytes());
        }
    }

    /** The quota check remembers the home's size (HomeUsage): each change the server makes must move it. */
    @Test
    void quotaFollowsEveryChangeTheServerMakes() throws Exception {
        server.close();
        server = TestServer.withQuota(data.resolve("q2"), 1000);
        try (RawClient c = server.alice()) {
            c.uploadOk("a", new byte[600]);
            c.error(new Request.Upload("b", 401, false, true, null), ErrorCode.QUOTA_EXCEEDED);
            c.ok(new Request.Upload("a", 100, true, false, null), Response.UploadOk.class); // overwrite: 600 -> 100
            c.sendRaw(new byte[100]);
            c.ok(new Request.Commit(RawClient.sha256(new byte[100])), Response.CommitOk.class);
            c.uploadOk("b", new byte[900]);
            c.error(new Request.Upload("c", 1, false, true, null), ErrorCode.QUOTA_EXCEEDED);
            c.ok(new Request.Delete("b", false), Response.Ok.class);
            c.uploadOk("c", new byte[800]);
            c.ok(new Request.Rename("a", "c", true), Response.Ok.class); // replaces the 800 bytes of c
            c.ok(new Request.Mkdir("d"), Response.MkdirOk.class);
            c.uploadOk("d/e", new byte[900]);
            c.ok(new Request.Delete("d", true), Response.Ok.class);
            c.uploadOk("f", new byte[900]);
            assertEquals(1000, c.ok(new Request.Usage(), Response.UsageOk.class).bytes());
        }
    }

    @Test
    void uploadBiggerThanTheDiskIsNoSpace() throws Exception {
        alice.error(new Request.Upload("huge", Long.MAX_VALUE / 2, false, true, null), ErrorCode.NO_SPACE);
    }

    @Test
    void partialsCountInUsage() throws Exception {
        try (RawClient first = server.alice()) {
            first.ok(new Request.Upload("p", 1000, false, true, null), Response.UploadOk.class);
            first.sendRaw(new byte[300]);
        }
        awaitResumeOffset("p", 1000);
        try (RawClient c = server.alice()) {
            assertEquals(300, c.ok(new Request.Usage(), Response.UsageOk.class).bytes());
        }
    }
}
