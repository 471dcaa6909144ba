package dev.ferry.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real server in its own JVM (the test classpath, ServerMain), so a test can kill -9
 * it, or give it its own file-descriptor budget for a connection flood.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("ftp-server listening on .*:(\\d+)");
    final Process process;
    final int port;

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static ServerProcess start(Path data, String... flags) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "dev.ferry.server.ServerMain", "serve", "--data", data.toString(), "--bind", "127.0.0.1", "--port", "0",
                "--iterations", "4096", "--log-level", "WARN"));
        command.addAll(List.of(flags));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
        builder.environment().put("FERRY_INIT_USER", "alice");
        builder.environment().put("FERRY_INIT_PASSWORD", TestServer.ALICE_PASSWORD);
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            Matcher m = READY.matcher(line);
            if (m.find()) {
                Thread.ofVirtual().start(() -> drain(out)); // keep the pipe from filling
                return new ServerProcess(process, Integer.parseInt(m.group(1)));
            }
        }
        process.destroyForcibly();
        throw new IOException("server process ended before it was ready (exit " + waitExit(process) + ")");
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // discard
            }
        } catch (IOException ignored) {
            // process gone
        }
    }

    private static int waitExit(Process p) {
        try {
            return p.waitFor(10, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** SIGKILL: no shutdown hook, no flush, nothing graceful. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Peak resident set size of the server, from /proc. */
    long peakRssBytes() throws IOException {
        for (String line : java.nio.file.Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }

    RawClient connect() throws IOException {
        return new RawClient(port);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
