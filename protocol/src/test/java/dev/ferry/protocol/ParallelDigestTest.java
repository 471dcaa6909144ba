package dev.ferry.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.EOFException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.ThreadFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParallelDigestTest {
    private static final ThreadFactory HASHERS = Thread.ofVirtual().factory();

    @TempDir
    Path dir;

    private static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    private static String expected(byte[] bytes, int length) {
        return HexFormat.of().formatHex(ParallelDigest.sha256().digest(Arrays.copyOf(bytes, length)));
    }

    /** Both paths: on the calling thread (small bodies) and on the hashing thread, in uneven chunks. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4096, (4 << 20), (4 << 20) + 1, 9_000_001})
    void chunksFedInAnyShapeGiveTheWholeBodysSha256(int size) throws Exception {
        byte[] body = random(size);
        try (ParallelDigest digest = new ParallelDigest(size, 256 * 1024, HASHERS)) {
            int position = 0;
            int step = 1;
            while (position < size) {
                byte[] buffer = digest.take();
                int n = Math.min(Math.min(buffer.length, step), size - position);
                System.arraycopy(body, position, buffer, 0, n);
                digest.hash(buffer, n);
                position += n;
                step = Math.min(step * 3 + 7, 1 << 20); // partial buffers, as socket reads return them
            }
            assertEquals(expected(body, size), digest.finish());
        }
    }

    @Test
    void aFilesPrefixCountsTowardTheHash() throws Exception {
        byte[] body = random(6_000_000);
        Path file = Files.write(dir.resolve("partial"), body);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
             ParallelDigest digest = new ParallelDigest(body.length, 256 * 1024, HASHERS)) {
            digest.hashPrefix(channel, 5_000_000);
            byte[] buffer = digest.take();
            int n = Math.min(buffer.length, body.length - 5_000_000);
            System.arraycopy(body, 5_000_000, buffer, 0, n);
            digest.hash(buffer, n);
            assertEquals(expected(body, 5_000_000 + n), digest.finish());
        }
    }

    @Test
    void aFileShorterThanItsPrefixIsAnError() throws Exception {
        Path file = Files.write(dir.resolve("short"), random(1000));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
             ParallelDigest digest = new ParallelDigest(2000, 256 * 1024, HASHERS)) {
            assertThrows(EOFException.class, () -> digest.hashPrefix(channel, 2000));
        }
    }
}
