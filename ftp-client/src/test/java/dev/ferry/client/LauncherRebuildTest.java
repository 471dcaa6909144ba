package dev.ferry.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the bin/ scripts rebuild the jars before running: a pom or a main source newer than
 * the jar, and nothing else (the check runs before every client command, so it looks at
 * those files only). Runs bin/lib/common.sh against a fake checkout, with Maven stubbed.
 */
class LauncherRebuildTest {
    private static final Instant BUILT = Instant.parse("2026-01-01T12:00:00Z");

    @TempDir
    Path root;

    private Path jar;

    @BeforeEach
    void fakeCheckout() throws Exception {
        for (String file : List.of("pom.xml", "protocol/pom.xml", "protocol/src/main/java/A.java",
                "protocol/src/test/java/ATest.java", ".git/index", "protocol/target/classes/A.class",
                "protocol/.cifuzz-corpus/input", "bench/run.sh")) {
            touch(file, BUILT.minusSeconds(60));
        }
        jar = touch("ftp-client/target/ftp-client.jar", BUILT);
        try (Stream<Path> all = Files.walk(root)) {
            for (Path directory : all.filter(Files::isDirectory).toList()) {
                Files.setLastModifiedTime(directory, FileTime.from(BUILT.minusSeconds(60)));
            }
        }
    }

    private Path touch(String file, Instant time) throws Exception {
        Path path = root.resolve(file);
        Files.createDirectories(path.getParent());
        if (!Files.exists(path)) {
            Files.createFile(path);
        }
        Files.setLastModifiedTime(path, FileTime.from(time));
        return path;
    }

    /** "built" when ferry_ensure_built would have run Maven, else "up to date". */
    private String ensureBuilt() throws Exception {
        String out = CommonScript.run("FERRY_ROOT=\"$1\"; ferry_mvn() { echo built; }; ferry_train_client() { :; }; "
                + "ferry_ensure_built \"$2\"; echo done", root.toString(), jar.toString());
        return out.contains("built") ? "built" : "up to date";
    }

    @Test
    void aJarNewerThanEverySourceIsUsedAsItIs() throws Exception {
        assertEquals("up to date", ensureBuilt());
    }

    @Test
    void aNewerMainSourceOrPomRebuilds() throws Exception {
        touch("protocol/src/main/java/A.java", BUILT.plusSeconds(60));
        assertEquals("built", ensureBuilt());
        touch("protocol/src/main/java/A.java", BUILT.minusSeconds(60));
        touch("protocol/pom.xml", BUILT.plusSeconds(60));
        assertEquals("built", ensureBuilt());
        touch("protocol/pom.xml", BUILT.minusSeconds(60));
        touch("pom.xml", BUILT.plusSeconds(60));
        assertEquals("built", ensureBuilt());
    }

    @Test
    void aDeletedMainSourceRebuilds() throws Exception {
        Files.delete(root.resolve("protocol/src/main/java/A.java")); // its directory changes
        assertEquals("built", ensureBuilt());
    }

    @Test
    void newerTestsGitBuildOutputAndBenchFilesDoNot() throws Exception {
        for (String file : List.of("protocol/src/test/java/ATest.java", ".git/index", "protocol/target/classes/A.class",
                "protocol/.cifuzz-corpus/input", "bench/run.sh")) {
            touch(file, BUILT.plusSeconds(60));
        }
        assertEquals("up to date", ensureBuilt());
    }

    /**
     * A second command started while the first builds waits for that build and then finds the
     * jars fresh: one Maven run, not two into the same target/. The stub build holds until the
     * test writes to a FIFO, so the second command has certainly reached the lock (it says it
     * waits) or, without one, started a build of its own (it says "building").
     */
    @Test
    void aSecondCommandWaitsForTheFirstsBuildAndDoesNotBuildAgain() throws Exception {
        touch("protocol/src/main/java/A.java", BUILT.plusSeconds(60));
        Path fifo = root.resolve("release");
        Path log = root.resolve("builds.log");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        String script = "FERRY_ROOT=\"$1\"; jar=$2; log=$3; release=$4; "
                + "ferry_mvn() { echo building >> \"$log\"; echo building; read -r _ < \"$release\"; touch \"$jar\"; }; "
                + "ferry_train_client() { :; }; ferry_ensure_built \"$jar\"; echo done";
        String[] args = {root.toString(), jar.toString(), log.toString(), fifo.toString()};
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Process first = CommonScript.start(script, args);
            Process second = null;
            try {
                BufferedReader firstOut = first.inputReader();
                assertEquals("ferry: building (first run or sources changed)...", firstOut.readLine());
                assertEquals("building", firstOut.readLine()); // holds the lock until released
                second = CommonScript.start(script, args);
                BufferedReader secondOut = second.inputReader();
                assertEquals("ferry: another command is building this checkout; waiting for it...", secondOut.readLine());
                Files.writeString(fifo, "go\n");
                assertEquals("done", firstOut.readLine());
                assertEquals("done", secondOut.readLine());
                assertEquals(0, first.waitFor());
                assertEquals(0, second.waitFor());
                assertEquals(List.of("building"), Files.readAllLines(log));
            } finally {
                destroyWithChildren(first);
                if (second != null) {
                    destroyWithChildren(second);
                }
            }
        });
    }

    /** The stub build runs in a subshell, which outlives its bash when the test fails midway. */
    private static void destroyWithChildren(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
