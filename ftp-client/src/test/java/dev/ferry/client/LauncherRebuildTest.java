package dev.ferry.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
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
}
