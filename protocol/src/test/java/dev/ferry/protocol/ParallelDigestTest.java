package dev.ferry.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.ThreadFactory;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    /**
     * Both paths: on the calling thread (small bodies) and on the hashing thread, in uneven
     * chunks, in heap buffers and in pooled direct ones.
     */
    @ParameterizedTest
    @CsvSource({"0,false", "1,false", "4096,false", "4194304,false", "4194305,false", "9000001,false",
            "0,true", "4096,true", "4194305,true", "9000001,true"})
    void chunksFedInAnyShapeGiveTheWholeBodysSha256(int size, boolean direct) throws Exception {
        byte[] body = random(size);
        ChunkBuffers buffers = direct ? new DirectBufferPool(256 * 1024, 8) : ChunkBuffers.HEAP;
        try (ParallelDigest digest = new ParallelDigest(size, 256 * 1024, HASHERS, Sha256::jdk, buffers)) {
            int position = 0;
            int step = 1;
            while (position < size) {
                ByteBuffer buffer = digest.take();
                int n = Math.min(Math.min(buffer.remaining(), step), size - position);
                buffer.put(body, position, n);
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
            ByteBuffer buffer = digest.take();
            int n = Math.min(buffer.remaining(), body.length - 5_000_000);
            buffer.put(body, 5_000_000, n);
            digest.hash(buffer, n);
            assertEquals(expected(body, 5_000_000 + n), digest.finish());
        }
    }

    @Test
    void pooledBuffersGoBackWhenTheDigestCloses() throws Exception {
        DirectBufferPool pool = new DirectBufferPool(64 * 1024, 8);
        byte[] body = random(5_000_000);
        try (ParallelDigest digest = new ParallelDigest(body.length, 64 * 1024, HASHERS, Sha256::jdk, pool)) {
            for (int position = 0; position < body.length; ) {
                ByteBuffer buffer = digest.take();
                assertTrue(buffer.isDirect());
                int n = Math.min(buffer.remaining(), body.length - position);
                buffer.put(body, position, n);
                digest.hash(buffer, n);
                position += n;
            }
            assertEquals(expected(body, body.length), digest.finish());
        }
        assertEquals(4, pool.freeBuffers());
        try (ParallelDigest again = new ParallelDigest(body.length, 64 * 1024, HASHERS, Sha256::jdk, pool)) {
            assertEquals(0, pool.freeBuffers(), "the next digest reuses them");
        }
    }

    @Test
    void aPoolKeepsNoMoreThanItsRetainedCount() {
        DirectBufferPool pool = new DirectBufferPool(4096, 2);
        List<ByteBuffer> taken = List.of(pool.take(4096), pool.take(100), pool.take(4096));
        taken.forEach(pool::give);
        assertEquals(2, pool.freeBuffers());
        assertThrows(IllegalArgumentException.class, () -> pool.take(4097));
        assertThrows(IllegalArgumentException.class, () -> pool.give(ByteBuffer.allocate(4096)));
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
