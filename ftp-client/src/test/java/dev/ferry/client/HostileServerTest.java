package dev.ferry.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The client never trusts the server: names, hashes and the server's own identity are checked. */
class HostileServerTest {
    @TempDir
    Path dir;

    private Cli.Result run(HostileServer server, String... args) throws Exception {
        Path password = Files.writeString(dir.resolve("pw"), HostileServer.PASSWORD);
        return Cli.run(server.port(), password.toString(), args);
    }

    @Test
    void recursiveDownloadRefusesNamesThatEscapeTheTarget() throws Exception {
        Path target = Files.createDirectories(dir.resolve("target/inner"));
        try (HostileServer server = new HostileServer(HostileServer.Lie.ESCAPING_NAMES)) {
            Cli.Result r = run(server, "download", "-r", "tree", target.toString());
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.err().contains("unsafe name"), r.err());
            assertFalse(server.opsReceived.contains("download"), "nothing was fetched");
        }
        assertFalse(Files.exists(dir.resolve("target/escaped.txt")));
        assertFalse(Files.exists(dir.resolve("escaped.txt")));
        try (Stream<Path> all = Files.walk(dir)) {
            assertTrue(all.noneMatch(p -> p.getFileName().toString().contains("escaped")));
        }
    }

    @Test
    void wrongSha256FromTheServerIsAChecksumErrorAndNoFileAppears() throws Exception {
        try (HostileServer server = new HostileServer(HostileServer.Lie.WRONG_SHA256)) {
            Cli.Result r = run(server, "download", "file.bin", dir.toString());
            assertEquals(7, r.exit(), r.toString());
            assertTrue(r.err().contains("checksum mismatch") && r.err().contains("file.bin"), r.err());
        }
        assertFalse(Files.exists(dir.resolve("file.bin")));
        assertFalse(Files.exists(dir.resolve("file.bin.part")));
    }

    @Test
    void serverThatCannotProveThePasswordGetsNoFileData() throws Exception {
        Path file = Files.writeString(dir.resolve("secret.txt"), "confidential");
        try (HostileServer server = new HostileServer(HostileServer.Lie.FAKE_SIGNATURE)) {
            Cli.Result r = run(server, "upload", file.toString());
            assertEquals(4, r.exit(), r.toString());
            assertTrue(r.err().contains("could not prove"), r.err());
            assertEquals(java.util.List.of("hello", "auth"), server.opsReceived);
        }
    }

    /** PROTOCOL.md §1 lets requests be pipelined; on a real link each answer waited for costs a round trip. */
    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void downloadRequestsAreSentWithoutWaitingForEarlierAnswers() throws Exception {
        try (HostileServer server = new HostileServer(HostileServer.Lie.HOLDS_ANSWERS_FOR_THREE)) {
            Cli.Result r = run(server, "download", "--parallel", "1", "-r", "tree", dir.toString());
            assertEquals(0, r.exit(), r.toString());
        }
        for (String name : HostileServer.TREE) {
            assertArrayEquals(HostileServer.CONTENT, Files.readAllBytes(dir.resolve("tree").resolve(name)));
        }
    }

    @Test
    void filesInFlightOnALostConnectionAreRequestedAgainOnANewOne() throws Exception {
        try (HostileServer server = new HostileServer(HostileServer.Lie.DROPS_AFTER_ONE_DOWNLOAD)) {
            Cli.Result r = run(server, "download", "--parallel", "1", "-r", "tree", dir.toString());
            assertEquals(3, r.exit(), r.toString());
            assertTrue(r.err().contains("tree/b.bin: connection to") && r.err().contains("was lost"), r.err());
            assertEquals(List.of("1: tree/a.bin", "2: tree/c.bin"), server.downloadsAnswered);
        }
        assertArrayEquals(HostileServer.CONTENT, Files.readAllBytes(dir.resolve("tree/a.bin")));
        assertArrayEquals(HostileServer.CONTENT, Files.readAllBytes(dir.resolve("tree/c.bin")));
        assertFalse(Files.exists(dir.resolve("tree/b.bin")));
    }

    /**
     * A server that goes quiet in the middle of a large body (read from the channel into direct
     * buffers, with no socket timeout of its own): the client gives up after --timeout, says
     * why, and keeps what arrived for the next run to resume from. The second body is large
     * enough to be written past the page cache in whole 4 MiB chunks: the bytes of the chunk
     * it was filling are kept too.
     */
    @ParameterizedTest
    @CsvSource({"6291456, 5242880", "73400320, 5244303"})
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aServerThatStopsSendingMidBodyIsGivenUpOnAfterTheTimeoutAndThePartIsKept(long size, int sent) throws Exception {
        try (HostileServer server = new HostileServer(HostileServer.Lie.STALLS_MID_BODY, size, sent)) {
            long started = System.nanoTime();
            Cli.Result r = run(server, "--timeout", "1", "download", "file.bin", dir.toString());
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            assertEquals(3, r.exit(), r.toString());
            assertTrue(r.err().contains("no body byte arrived in 1 s"), r.err());
            assertTrue(seconds < 20, "gave up after " + seconds + " s");
        }
        assertEquals(sent, Files.size(dir.resolve("file.bin.part")));
        assertFalse(Files.exists(dir.resolve("file.bin")));
    }

    @Test
    void aTimeoutUnderOneSecondIsAUsageError() throws Exception {
        try (HostileServer server = new HostileServer(HostileServer.Lie.STALLS_MID_BODY)) {
            Cli.Result r = run(server, "--timeout", "0", "list", "tree");
            assertEquals(2, r.exit(), r.toString());
            assertTrue(r.err().contains("--timeout must be at least 1 second"), r.err());
        }
    }

    /** An upload's request goes out while the previous commit is being answered: one round trip per file, not two. */
    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void uploadRequestsAreSentWithoutWaitingForThePreviousCommit() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        for (String name : HostileServer.TREE) {
            Files.write(tree.resolve(name), HostileServer.CONTENT);
        }
        try (HostileServer server = new HostileServer(HostileServer.Lie.HOLDS_COMMIT_ANSWERS)) {
            Cli.Result r = run(server, "upload", "--parallel", "1", "-r", tree.toString(), "up/");
            assertEquals(0, r.exit(), r.toString());
            assertEquals(3, server.opsReceived.stream().filter("commit"::equals).count());
        }
    }
}
