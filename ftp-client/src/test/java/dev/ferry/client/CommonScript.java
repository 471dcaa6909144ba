package dev.ferry.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs bash snippets against bin/lib/common.sh, the launcher's shared functions. */
final class CommonScript {
    private static final Path COMMON = Path.of(System.getProperty("user.dir"), "..", "bin", "lib", "common.sh")
            .toAbsolutePath().normalize();

    private CommonScript() {
    }

    /**
     * Runs {@code script} with common.sh sourced and {@code args} as "$@"; returns stdout and
     * stderr together, and fails the test unless bash exits with 0.
     */
    static String run(String script, String... args) throws Exception {
        Process process = start(script, args);
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), out);
        return out;
    }

    /** Starts {@code script} as {@link #run} does, stdout and stderr together, and returns at once. */
    static Process start(String script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "-c",
                "set -euo pipefail; source \"$0\"; " + script, COMMON.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }
}
