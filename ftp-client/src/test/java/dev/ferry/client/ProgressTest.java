package dev.ferry.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress goes to stderr only for a person at a terminal. The client runs as a real process
 * so its stderr is seen as a user sees it; FERRY_PROGRESS=1 stands in for a terminal.
 */
class ProgressTest {
    @TempDir
    Path dir;
    ServerFixture server;

    @BeforeEach
    void start() throws Exception {
        server = new ServerFixture(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private record Output(int exit, String out, String err) {
    }

    private Output runClient(boolean terminal, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", // as the jar's manifest says (OpenSslSha256)
                "-cp", System.getProperty("java.class.path"), "dev.ferry.client.ClientMain",
                "-H", "127.0.0.1", "-P", String.valueOf(server.port()), "-u", "alice",
                "--password-file", server.passwordFile.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("FERRY_PASSWORD");
        builder.environment().put("FERRY_PROGRESS", terminal ? "1" : "0");
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "client finished");
        return new Output(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void terminalShowsFilesBytesPercentageAndRateOnStderrAndResultsStayOnStdout() throws Exception {
        Path file = Files.write(dir.resolve("p.bin"), ClientCommandsTest.random(5_000_000, 4));
        Output r = runClient(true, "upload", file.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("[1/1 files] 100%"), r.err());
        assertTrue(r.err().contains("/s"), r.err());
        assertTrue(r.out().startsWith("uploaded 1 file"), r.out());
        assertTrue(!r.out().contains("%"), "no progress noise in the results: " + r.out());
    }

    @Test
    void pipedOutputHasNoProgressNoise() throws Exception {
        Path file = Files.write(dir.resolve("q.bin"), ClientCommandsTest.random(1_000_000, 5));
        Output r = runClient(false, "upload", file.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
    }
}
