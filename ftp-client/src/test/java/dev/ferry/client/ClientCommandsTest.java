package dev.ferry.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The real CLI entry point against a real in-process server, stdout/stderr/exit code captured. */
class ClientCommandsTest {
    @TempDir
    Path dir;
    ServerFixture server;
    Path local;

    @BeforeEach
    void start() throws Exception {
        server = new ServerFixture(dir);
        local = Files.createDirectories(dir.resolve("local"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private Path write(String name, byte[] content) throws Exception {
        Path p = local.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.write(p, content);
    }

    private static void assertOk(Cli.Result r) {
        assertEquals(0, r.exit(), r.toString());
    }

    /**
     * Small bodies are hashed inline, large ones (over 4 MiB) on the hashing thread; from 64
     * MiB on both ends write past the page cache.
     */
    @ParameterizedTest
    @ValueSource(ints = {1_500_000, 9_437_185, 70 * 1024 * 1024 + 3})
    void uploadThenDownloadAFileRoundTrips(int size) throws Exception {
        byte[] content = random(size, 1);
        Path file = write("data.bin", content);
        Cli.Result up = server.cli("upload", file.toString());
        assertOk(up);
        assertTrue(up.out().contains("uploaded 1 file"), up.out());
        assertArrayEquals(content, Files.readAllBytes(server.home().resolve("data.bin")));

        Path into = Files.createDirectories(dir.resolve("into"));
        assertOk(server.cli("download", "data.bin", into.toString()));
        assertArrayEquals(content, Files.readAllBytes(into.resolve("data.bin")));
        assertFalse(Files.exists(into.resolve("data.bin.part")));
    }

    /**
     * A local disk that fills mid-download: a 70 MiB body (written past the page cache, on
     * the writing thread) into a 32 MiB tmpfs. The user is told the local disk is full, no
     * file takes the target's name, and the command ends.
     */
    @Test
    void aLocalDiskThatFillsMidDownloadIsALocalWriteError() throws Exception {
        Path small = Files.createDirectories(dir.resolve("small"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        Assumptions.assumeTrue(mount.waitFor(10, TimeUnit.SECONDS) && mount.exitValue() == 0, "needs root to mount a small tmpfs");
        try {
            Files.write(server.home().resolve("big.bin"), random(70 * 1024 * 1024 + 3, 5));
            Cli.Result r = server.cli("download", "big.bin", small.toString());
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.err().contains("cannot write locally") && r.err().contains("No space left on device"), r.err());
            assertFalse(Files.exists(small.resolve("big.bin")));
        } finally {
            new ProcessBuilder("umount", "-l", small.toString()).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Large bodies go from the channel into direct buffers, small ones through the frame
     * reader, on one pipelined connection: every file whole, and the frames after each body
     * read in step.
     */
    @Test
    void aTreeOfLargeAndSmallFilesDownloadsWhole() throws Exception {
        Path remote = Files.createDirectories(server.home().resolve("mixed"));
        int[] sizes = {5_000_017, 1_000, 6_300_001, 0, 4_194_304, 70_000};
        for (int i = 0; i < sizes.length; i++) {
            Files.write(remote.resolve("f" + i), random(sizes[i], 20 + i));
        }
        Path into = Files.createDirectories(dir.resolve("mixed-down"));
        assertOk(server.cli("download", "-r", "--parallel", "1", "mixed", into.toString()));
        for (int i = 0; i < sizes.length; i++) {
            assertArrayEquals(random(sizes[i], 20 + i), Files.readAllBytes(into.resolve("mixed/f" + i)), "f" + i);
        }
    }

    @Test
    void uploadUnderAnotherNameAndIntoADirectory() throws Exception {
        Path a = write("a.txt", "A".getBytes(StandardCharsets.UTF_8));
        Path b = write("b.txt", "B".getBytes(StandardCharsets.UTF_8));
        assertOk(server.cli("upload", a.toString(), "renamed.txt"));
        assertOk(server.cli("upload", a.toString(), b.toString(), "docs/"));
        assertEquals("A", Files.readString(server.home().resolve("renamed.txt")));
        assertEquals("B", Files.readString(server.home().resolve("docs/b.txt")));
    }

    @Test
    void recursiveTreeRoundTripsWithManyFilesInParallel() throws Exception {
        Path tree = local.resolve("tree");
        for (int i = 0; i < 60; i++) {
            write("tree/d" + (i % 5) + "/f" + i + ".bin", random(1000 + i * 37, i));
        }
        Files.createDirectories(tree.resolve("empty"));
        Cli.Result up = server.cli("upload", "-r", "--parallel", "6", tree.toString(), "backup/");
        assertOk(up);
        assertTrue(up.out().contains("uploaded 60 files"), up.out());
        assertTrue(Files.isDirectory(server.home().resolve("backup/tree/empty")));

        Path back = dir.resolve("back");
        Cli.Result down = server.cli("download", "-r", "--parallel", "6", "backup/tree", back.toString());
        assertOk(down);
        assertTrue(down.out().contains("downloaded 60 files"), down.out());
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path original : files.filter(Files::isRegularFile).toList()) {
                assertArrayEquals(Files.readAllBytes(original), Files.readAllBytes(back.resolve(tree.relativize(original))));
            }
        }
        assertTrue(Files.isDirectory(back.resolve("empty")));
    }

    /** Inside a tree, links are skipped with a sentence; a directory holding only a link is not empty. */
    @Test
    void linksInsideATreeAreSkippedAndTheRestUploads() throws Exception {
        Path real = write("tree/real.txt", "real".getBytes());
        Files.createSymbolicLink(local.resolve("tree/link.txt"), real);
        Files.createDirectories(local.resolve("tree/only-a-link"));
        Files.createSymbolicLink(local.resolve("tree/only-a-link/l"), real);
        Files.createDirectories(local.resolve("tree/a/b/empty"));
        Cli.Result r = server.cli("upload", "-r", local.resolve("tree").toString(), "in/");
        assertOk(r);
        assertTrue(r.out().contains("uploaded 1 file"), r.out());
        assertTrue(r.err().contains("skipping " + local.resolve("tree/link.txt") + " (a link"), r.err());
        assertEquals("real", Files.readString(server.home().resolve("in/tree/real.txt")));
        assertFalse(Files.exists(server.home().resolve("in/tree/link.txt"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(server.home().resolve("in/tree/only-a-link")));
        assertTrue(Files.isDirectory(server.home().resolve("in/tree/a/b/empty")));
    }

    /**
     * An entry the walk cannot read fails on its own and the rest of the tree still goes. Here
     * it lies deeper than the system's path limit, which stops root too (tests may run as root,
     * for whom no permission bit does).
     */
    @Test
    void anUnreadableEntryFailsAloneAndTheRestOfTheTreeUploads() throws Exception {
        write("tree/ok.txt", "ok".getBytes());
        Path deep = local.resolve("tree/deep");
        String tooDeep = deep + ("/" + "d".repeat(200)).repeat(25);
        assertEquals(0, new ProcessBuilder("mkdir", "-p", tooDeep).inheritIO().start().waitFor());
        try {
            Cli.Result r = server.cli("upload", "-r", local.resolve("tree").toString(), "in/");
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.out().contains("uploaded 1 file,") && r.out().contains("; 1 failed"), r.out());
            assertTrue(r.err().contains(": cannot read: File name too long; not sent"), r.err());
            assertEquals("ok", Files.readString(server.home().resolve("in/tree/ok.txt")));
        } finally {
            new ProcessBuilder("rm", "-rf", deep.toString()).inheritIO().start().waitFor(); // beyond what the JDK can delete
        }
    }

    /** A link named on the command line is refused before anything is sent; the other files still go. */
    @Test
    void anExplicitLinkIsRefusedAndTheOtherFilesStillUpload() throws Exception {
        Path real = write("real.txt", "real".getBytes());
        Path link = Files.createSymbolicLink(local.resolve("link.txt"), real);
        Cli.Result r = server.cli("upload", link.toString(), real.toString(), "in/");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("link.txt is not a regular file"), r.err());
        assertEquals("real", Files.readString(server.home().resolve("in/real.txt")));
        assertFalse(Files.exists(server.home().resolve("in/link.txt"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void directoryWithoutRecursiveIsAUsageError() throws Exception {
        write("tree/f", new byte[1]);
        Cli.Result r = server.cli("upload", local.resolve("tree").toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("use -r"), r.err());
    }

    @Test
    void uploadRefusesToOverwriteUnlessAsked() throws Exception {
        Path file = write("f.txt", "one".getBytes(StandardCharsets.UTF_8));
        assertOk(server.cli("upload", file.toString()));
        Files.writeString(file, "two");
        Cli.Result refused = server.cli("upload", file.toString());
        assertEquals(6, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("--overwrite"), refused.err());
        assertEquals("one", Files.readString(server.home().resolve("f.txt")));
        assertOk(server.cli("upload", "--overwrite", file.toString()));
        assertEquals("two", Files.readString(server.home().resolve("f.txt")));
    }

    @Test
    void downloadRefusesToOverwriteUnlessAsked() throws Exception {
        Files.writeString(server.home().resolve("f.txt"), "remote");
        Path target = Files.writeString(local.resolve("f.txt"), "local");
        Cli.Result refused = server.cli("download", "f.txt", local.toString());
        assertEquals(6, refused.exit(), refused.toString());
        assertEquals("local", Files.readString(target));
        assertOk(server.cli("download", "--overwrite", "f.txt", local.toString()));
        assertEquals("remote", Files.readString(target));
    }

    /** The rest goes through a buffer, or with sendfile from 4 MiB on; the hash covers the kept prefix either way. */
    @ParameterizedTest
    @CsvSource({"400000,150000", "6000000,1500000"})
    void interruptedUploadResumesAndSendsOnlyTheRest(int size, int kept) throws Exception {
        byte[] content = random(size, 2);
        Path file = write("big.bin", content);
        try (FerrySession session = FerrySession.open("127.0.0.1", server.port(), "alice",
                new Password(Files.readString(server.passwordFile).strip().toCharArray()))) {
            session.requestUpload(new dev.ferry.protocol.Request.Upload("big.bin", content.length, false, true, null));
            session.flush();
            assertEquals(0, session.uploadAnswer().offset());
            session.body().write(content, 0, kept);
            session.body().flush();
            session.abort(); // cut off mid-body
        }
        Cli.Result r = awaitUnlocked(() -> server.cli("upload", "--json", file.toString()));
        assertOk(r);
        assertTrue(r.out().contains("\"bytes\":" + (size - kept)), r.out());
        assertArrayEquals(content, Files.readAllBytes(server.home().resolve("big.bin")));
    }

    /** The server releases a dead upload's lock once its read fails; until then it answers LOCKED. */
    private static Cli.Result awaitUnlocked(java.util.function.Supplier<Cli.Result> command) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        Cli.Result r;
        do {
            r = command.get();
        } while (r.exit() != 0 && r.err().contains("in progress") && System.nanoTime() < deadline);
        return r;
    }

    @ParameterizedTest
    @CsvSource({"300000,100000", "9000000,5000001", "73400323,1049999"})
    void interruptedDownloadContinuesFromThePartFileAndVerifiesTheWhole(int size, int kept) throws Exception {
        byte[] content = random(size, 3);
        Files.write(server.home().resolve("big.bin"), content);
        Files.write(local.resolve("big.bin.part"), java.util.Arrays.copyOf(content, kept));
        Cli.Result r = server.cli("download", "--json", "big.bin", local.toString());
        assertOk(r);
        assertTrue(r.out().contains("\"bytes\":" + (size - kept)), r.out());
        assertArrayEquals(content, Files.readAllBytes(local.resolve("big.bin")));
        assertFalse(Files.exists(local.resolve("big.bin.part")));
    }

    /** A .part that is a link would let a download write wherever it points: refused, the other files still come. */
    @Test
    void aPartFileThatIsALinkIsRefusedAndWhatItPointsAtIsUntouched() throws Exception {
        Files.writeString(server.home().resolve("a.txt"), "remote a");
        Files.writeString(server.home().resolve("b.txt"), "remote b");
        Path elsewhere = Files.writeString(dir.resolve("elsewhere.txt"), "precious");
        Files.createSymbolicLink(local.resolve("a.txt.part"), elsewhere);
        Cli.Result r = server.cli("download", "a.txt", "b.txt", local.toString());
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("a.txt.part is a link"), r.err());
        assertEquals("precious", Files.readString(elsewhere));
        assertFalse(Files.exists(local.resolve("a.txt")));
        assertEquals("remote b", Files.readString(local.resolve("b.txt")));
    }

    @Test
    void partFileOfAnOlderVersionIsDetectedAndTheDownloadStartsOver() throws Exception {
        byte[] content = random(50_000, 4);
        Files.write(server.home().resolve("f.bin"), content);
        Files.write(local.resolve("f.bin.part"), random(20_000, 99)); // not a prefix of the remote file
        assertOk(server.cli("download", "f.bin", local.toString()));
        assertArrayEquals(content, Files.readAllBytes(local.resolve("f.bin")));
    }

    @Test
    void noResumeStartsDownloadsFromTheFirstByte() throws Exception {
        byte[] content = random(10_000, 5);
        Files.write(server.home().resolve("f.bin"), content);
        Files.write(local.resolve("f.bin.part"), new byte[5_000]);
        Cli.Result r = server.cli("download", "--no-resume", "--json", "f.bin", local.toString());
        assertOk(r);
        assertTrue(r.out().contains("\"bytes\":10000"), r.out());
    }

    @Test
    void listStatMkdirRenameDeleteAndUsage() throws Exception {
        assertOk(server.cli("mkdir", "docs/old"));
        Files.writeString(server.home().resolve("docs/readme.txt"), "hi");
        Cli.Result list = server.cli("list", "docs");
        assertOk(list);
        assertTrue(list.out().contains("old/") && list.out().contains("readme.txt"), list.out());
        Cli.Result json = server.cli("ls", "--json", "docs");
        assertTrue(json.out().startsWith("[{\"name\":\"old\",\"type\":\"dir\""), json.out());

        Cli.Result stat = server.cli("stat", "--json", "docs/readme.txt");
        assertOk(stat);
        assertTrue(stat.out().contains("\"size\":2"), stat.out());

        assertOk(server.cli("rename", "docs/readme.txt", "docs/old/readme.txt"));
        assertTrue(Files.exists(server.home().resolve("docs/old/readme.txt")));
        assertOk(server.cli("mv", "docs/old", "archive"));

        Cli.Result usage = server.cli("df", "--json");
        assertOk(usage);
        assertTrue(usage.out().contains("\"files\":1") && usage.out().contains("\"bytes\":2"), usage.out());

        Cli.Result notEmpty = server.cli("delete", "archive");
        assertEquals(1, notEmpty.exit(), notEmpty.toString());
        assertOk(server.cli("rm", "-r", "archive"));
        assertFalse(Files.exists(server.home().resolve("archive")));
    }

    @Test
    void missingRemoteFileIsNotFound() {
        Cli.Result r = server.cli("download", "ghost.txt", "x");
        assertEquals(5, r.exit(), r.toString());
        assertTrue(r.err().contains("ghost.txt"), r.err());
        assertEquals(5, server.cli("stat", "ghost.txt").exit());
    }

    @Test
    void wrongPasswordIsAnAuthenticationError() throws Exception {
        Path wrong = Files.writeString(dir.resolve("wrong"), "not-the-password\n");
        Cli.Result r = Cli.run(server.port(), wrong.toString(), "list");
        assertEquals(4, r.exit(), r.toString());
        assertTrue(r.err().contains("wrong user name or password"), r.err());
        assertFalse(r.err().contains("Exception"), "no stack trace without --debug");
    }

    @Test
    void unreachableHostIsAConnectionError() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Cli.Result r = Cli.run(closedPort, server.passwordFile.toString(), "list");
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.err().contains("cannot connect"), r.err());
    }

    @Test
    void debugShowsTheStackTrace() throws Exception {
        Path wrong = Files.writeString(dir.resolve("wrong"), "nope\n");
        Cli.Result r = Cli.run(server.port(), wrong.toString(), "--debug", "list");
        assertTrue(r.err().contains("at dev.ferry"), r.err());
    }

    @Test
    void noPasswordAnywhereIsAUsageErrorNamingTheWays() {
        Cli.Result r = Cli.runRaw("-P", String.valueOf(server.port()), "-u", "alice", "list");
        if (System.getenv("FERRY_PASSWORD") == null) {
            assertEquals(2, r.exit(), r.toString());
            assertTrue(r.err().contains("FERRY_PASSWORD"), r.err());
        }
    }

    @Test
    void versionAndHelpWork() {
        Cli.Result version = Cli.runRaw("--version");
        assertOk(version);
        assertTrue(version.out().startsWith("ftp-client "), version.out());
        for (String command : new String[] {"upload", "download", "list", "stat", "mkdir", "delete", "rename", "usage"}) {
            Cli.Result help = Cli.runRaw(command, "--help");
            assertOk(help);
            assertTrue(help.out().contains("Example"), command + ": " + help.out());
        }
    }

    @Test
    void topLevelHelpListsEveryCommand() {
        for (String[] line : new String[][] {{"--help"}, {"help"}, {}}) {
            Cli.Result help = Cli.runRaw(line);
            String text = help.out() + help.err();
            for (String command : new String[] {"upload", "download", "list", "stat", "mkdir", "delete", "rename", "usage", "help"}) {
                assertTrue(text.contains("  " + command), String.join(" ", line) + " lacks " + command + ": " + text);
            }
        }
    }

    @Test
    void missingArgumentsAreUsageErrorsNamingTheParameter() {
        for (String[] line : new String[][] {{"stat"}, {"mkdir"}, {"rename", "only-one"}, {"upload"}, {"download"}, {"delete"}}) {
            Cli.Result r = Cli.runRaw(line);
            assertEquals(2, r.exit(), String.join(" ", line) + ": " + r);
            assertTrue(r.err().startsWith("Missing required parameter"), String.join(" ", line) + ": " + r.err());
        }
    }

    @Test
    void connectionOptionsWorkAfterTheCommandToo() throws Exception {
        Path file = write("after.txt", new byte[] {3});
        assertOk(Cli.runRaw("upload", file.toString(), "-H", "127.0.0.1", "-P", String.valueOf(server.port()), "-u", "alice",
                "--password-file", server.passwordFile.toString(), "--parallel", "2", "-q"));
        Cli.Result list = Cli.runRaw("ls", "--json", "-u", "alice", "-P", String.valueOf(server.port()), "-H", "127.0.0.1",
                "--password-file", server.passwordFile.toString());
        assertOk(list);
        assertTrue(list.out().contains("\"name\":\"after.txt\""), list.out());
    }

    @Test
    void remoteNamesThatAreAlsoCommandNamesWork() throws Exception {
        Path file = write("plain.txt", new byte[] {7});
        assertOk(server.cli("upload", file.toString(), "list"));
        assertTrue(Files.exists(server.home().resolve("list")));
        assertOk(server.cli("mkdir", "stat"));
        Cli.Result twice = server.cli("stat", "stat");
        assertOk(twice);
        assertTrue(twice.out().contains("stat"), twice.out());
        Cli.Result typo = Cli.runRaw("uplaod", "x");
        assertEquals(2, typo.exit(), typo.toString());
        assertTrue(typo.err().contains("upload"), "picocli's suggestion names the real command: " + typo.err());
    }

    @Test
    void quietPrintsNothingOnSuccess() throws Exception {
        Path file = write("q.txt", new byte[] {1});
        Cli.Result r = server.cli("-q", "upload", file.toString());
        assertOk(r);
        assertEquals("", r.out());
        assertEquals("", r.err());
    }
}
