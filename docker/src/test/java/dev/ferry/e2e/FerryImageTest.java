package dev.ferry.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.client.ClientMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real image, started by Testcontainers, driven by the real client entry point. */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FerryImageTest {
    @TempDir
    Path dir;
    String volume;
    final List<FerryContainer> containers = new ArrayList<>();
    Path passwordFile;

    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void setUp() throws Exception {
        volume = Images.newVolume();
        passwordFile = Files.writeString(dir.resolve("password"), Images.PASSWORD + "\n");
    }

    @AfterEach
    void tearDown() {
        for (FerryContainer c : containers) {
            c.stop();
        }
        Images.removeVolume(volume);
    }

    private FerryContainer start(String... env) {
        FerryContainer container = new FerryContainer(volume);
        for (int i = 0; i + 1 < env.length; i += 2) {
            container.withEnv(env[i], env[i + 1]);
        }
        containers.add(container);
        container.start();
        return container;
    }

    private Run client(FerryContainer c, String password, String... args) throws Exception {
        Path pw = password == null ? passwordFile : Files.writeString(dir.resolve("other-password"), password);
        List<String> all = new ArrayList<>(List.of("-H", c.getHost(), "-P", String.valueOf(c.port()), "-u", "alice",
                "--password-file", pw.toString()));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ClientMain.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Run(exit, out.toString(), err.toString());
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void treeUploadedDownloadedAndListedComesBackByteForByte() throws Exception {
        FerryContainer server = start();
        Path tree = dir.resolve("tree");
        for (int i = 0; i < 25; i++) {
            Path f = tree.resolve("d" + (i % 3)).resolve("f" + i + ".bin");
            Files.createDirectories(f.getParent());
            Files.write(f, random(10_000 + i * 4099, i));
        }
        Run up = client(server, null, "upload", "-r", tree.toString());
        assertEquals(0, up.exit(), up.err());
        Run list = client(server, null, "list", "tree/d1");
        assertEquals(0, list.exit(), list.err());
        assertTrue(list.out().contains("f1.bin") && list.out().contains("f4.bin"), list.out());

        Path back = dir.resolve("back");
        Run down = client(server, null, "download", "-r", "tree", back.toString());
        assertEquals(0, down.exit(), down.err());
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertEquals(sha256(f), sha256(back.resolve(tree.relativize(f))), f.toString());
            }
        }
    }

    /**
     * {@code bin/ftp-client}, as a user runs it after {@code bin/build}: with the AOT cache the
     * build trains (JDK 25+) and the JVM options it picks for each command. They must start
     * the JVM on this JDK and print nothing of their own.
     */
    @Test
    void theShippedLauncherMovesAFileAndPrintsOnlyTheClientsOwnLines() throws Exception {
        trainTheClientsCacheAsBinBuildDoes();
        FerryContainer server = start();
        Path file = Files.write(dir.resolve("launched.bin"), random(3_000_000, 11));
        Run up = launcher(server, "upload", file.toString());
        assertEquals(0, up.exit(), up.err());
        assertTrue(up.out().matches("uploaded 1 file, [^\n]*\n"), up.out());
        assertEquals("", up.err());

        Run list = launcher(server, "list");
        assertEquals(0, list.exit(), list.err());
        assertTrue(list.out().contains("launched.bin"), list.out());
        assertEquals("", list.err());

        Path back = Files.createDirectories(dir.resolve("back"));
        Run down = launcher(server, "download", "launched.bin", back.toString());
        assertEquals(0, down.exit(), down.err());
        assertTrue(down.out().matches("downloaded 1 file, [^\n]*\n"), down.out());
        assertEquals("", down.err());
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(back.resolve("launched.bin")));
    }

    private static void trainTheClientsCacheAsBinBuildDoes() throws Exception {
        Path common = Path.of(System.getProperty("ferry.root"), "bin", "lib", "common.sh").toAbsolutePath().normalize();
        Process process = new ProcessBuilder("bash", "-c", "set -euo pipefail; source \"$0\"; ferry_train_client", common.toString())
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "training did not finish");
        assertEquals(0, process.exitValue(), out);
        assertEquals("", out, "training the client's AOT cache failed");
    }

    private Run launcher(FerryContainer c, String... args) throws Exception {
        Path launcher = Path.of(System.getProperty("ferry.root"), "bin", "ftp-client").toAbsolutePath().normalize();
        List<String> command = new ArrayList<>(List.of("bash", launcher.toString(), "-H", c.getHost(),
                "-P", String.valueOf(c.port()), "-u", "alice", "--password-file", passwordFile.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("launcher.out").toFile())
                .redirectError(dir.resolve("launcher.err").toFile());
        builder.environment().remove("FERRY_JAVA_OPTS"); // the launcher's own choice is under test
        Process process = builder.start();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the launcher did not finish");
        return new Run(process.exitValue(), Files.readString(dir.resolve("launcher.out")),
                Files.readString(dir.resolve("launcher.err")));
    }

    @Test
    void wrongPasswordIsRefused() throws Exception {
        FerryContainer server = start();
        Run r = client(server, "not-the-password", "list");
        assertEquals(4, r.exit(), r.err());
    }

    @Test
    void pathEscapeAttemptIsRefusedAndRevealsNothing() throws Exception {
        FerryContainer server = start();
        Path target = Files.createDirectories(dir.resolve("loot"));
        Run r = client(server, null, "download", "../../etc/passwd", target.toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("'..' is not allowed"), r.err());
        Run abs = client(server, null, "download", "/etc/passwd", target.toString());
        assertEquals(5, abs.exit(), abs.err()); // absolute paths name files in the home
        try (Stream<Path> files = Files.list(target)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void dataSurvivesAContainerRestartOnTheSameVolume() throws Exception {
        FerryContainer first = start();
        Path file = Files.write(dir.resolve("keep.bin"), random(123_456, 42));
        assertEquals(0, client(first, null, "upload", file.toString()).exit());
        assertEquals(0, first.dockerStop(), "SIGTERM ends the server with exit code 0");
        first.stop();

        FerryContainer second = start();
        Path back = Files.createDirectories(dir.resolve("back"));
        Run down = client(second, null, "download", "keep.bin", back.toString());
        assertEquals(0, down.exit(), down.err());
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(back.resolve("keep.bin")));
    }

    @Test
    void dockerStopMidUploadLeavesNoVisibleFileAndTheUploadResumesAfterRestart() throws Exception {
        FerryContainer first = start("FERRY_SHUTDOWN_GRACE", "1s");
        byte[] content = random(6 * 1024 * 1024, 7);
        Path file = Files.write(dir.resolve("large.bin"), content);
        try (RawUpload upload = new RawUpload(first.getHost(), first.port(), "alice", Images.PASSWORD)) {
            upload.sendPart("large.bin", content, 2 * 1024 * 1024);
            awaitPartial(first);
            assertEquals(0, first.dockerStop(), "graceful stop, exit 0");
        }
        first.stop();

        FerryContainer second = start();
        Run stat = client(second, null, "stat", "large.bin");
        assertEquals(5, stat.exit(), "no half file is visible: " + stat.out());
        assertFalse(second.filesUnder("/data/homes").contains("large.bin"));

        Run resumed = client(second, null, "upload", "--json", file.toString());
        assertEquals(0, resumed.exit(), resumed.err());
        assertTrue(resumed.out().contains("\"bytes\":" + (content.length - 2 * 1024 * 1024)),
                "only the missing part was sent: " + resumed.out());
        Path back = Files.createDirectories(dir.resolve("back"));
        assertEquals(0, client(second, null, "download", "large.bin", back.toString()).exit());
        assertArrayEquals(content, Files.readAllBytes(back.resolve("large.bin")));
    }

    /** Waits until the server has written the sent part to its partial file. */
    private static void awaitPartial(FerryContainer c) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String sizes = c.execInContainer("sh", "-c", "cat /data/partials/alice/*.part 2>/dev/null | wc -c").getStdout().trim();
            if (!sizes.isEmpty() && Long.parseLong(sizes) >= 2 * 1024 * 1024) {
                return;
            }
        }
        throw new AssertionError("the partial never reached 2 MiB");
    }

    @Test
    void healthCheckTurnsHealthy() throws Exception {
        awaitHealthy(start());
    }

    @Test
    void tlsContainerTurnsHealthyAndServesABoundClient() throws Exception {
        FerryContainer server = start("FERRY_TLS", "true");
        Path file = Files.write(dir.resolve("sealed.bin"), random(200_000, 3));
        Run up = client(server, null, "--tls", "upload", file.toString());
        assertEquals(0, up.exit(), up.err());
        Run plain = client(server, null, "list");
        assertEquals(3, plain.exit(), "a plain client is told to use --tls: " + plain.err());
        awaitHealthy(server);
    }

    private static void awaitHealthy(FerryContainer server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String status = server.healthStatus();
        while (!"healthy".equals(status) && System.nanoTime() < deadline) {
            assertFalse("unhealthy".equals(status), "health check failed");
            TimeUnit.MILLISECONDS.sleep(500); // polling docker's own clock: the check runs every 10 s
            status = server.healthStatus();
        }
        assertEquals("healthy", status);
        assertTrue(server.execInContainer("id", "-u").getStdout().trim().equals("10001"), "runs as non-root");
    }
}
