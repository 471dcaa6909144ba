package dev.ferry.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AOT cache's training run: every command it trains must still work, or the cache quietly stops covering it. */
class AotTrainingTest {
    @TempDir
    Path dir;

    @Test
    void everyTrainedCommandSucceedsAndTheTreeComesBackWhole() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree/small"));
        Random random = new Random(7);
        byte[] small = new byte[4096];
        for (int i = 0; i < 5; i++) {
            random.nextBytes(small);
            Files.write(tree.resolve("f" + i), small);
        }
        byte[] large = new byte[5 << 20]; // over the size where hashing gets its own thread
        random.nextBytes(large);
        Files.write(dir.resolve("tree/large.bin"), large);
        Path downloads = Files.createDirectories(dir.resolve("down"));
        try (ServerFixture server = new ServerFixture(dir)) {
            StringWriter err = new StringWriter();
            int failures = AotTraining.train(connection(server), dir.resolve("tree"), downloads, new PrintWriter(err));
            assertEquals(0, failures, err.toString());
            assertArrayEquals(large, Files.readAllBytes(downloads.resolve("training/large.bin")));
            assertArrayEquals(small, Files.readAllBytes(downloads.resolve("training/small/f4")));
        }
    }

    @Test
    void aFailedCommandIsCountedAndNamed() throws Exception {
        Files.createDirectories(dir.resolve("tree"));
        try (ServerFixture server = new ServerFixture(dir)) {
            StringWriter err = new StringWriter();
            int failures = AotTraining.train(connection(server), dir.resolve("missing"), dir.resolve("down"), new PrintWriter(err));
            assertTrue(failures > 0);
            assertTrue(err.toString().contains("training: upload -r"), err.toString());
        }
    }

    private static List<String> connection(ServerFixture server) {
        return List.of("-H", "127.0.0.1", "-P", Integer.toString(server.port()), "-u", "alice",
                "--password-file", server.passwordFile.toString());
    }
}
