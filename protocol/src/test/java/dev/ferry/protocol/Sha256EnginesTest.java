package dev.ferry.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fastest SHA-256 engine gives the JDK's hashes, whichever engine this machine gets. */
class Sha256EnginesTest {
    private static final List<String> LIBCRYPTO_PLACES = List.of("/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu",
            "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib", "/lib");
    private static final ThreadFactory HASHERS = Thread.ofPlatform().daemon().factory();

    @Test
    void openSslIsUsedWhereverThisJdkAndMachineHaveIt() {
        boolean linux = System.getProperty("os.name").startsWith("Linux");
        boolean libcrypto = LIBCRYPTO_PLACES.stream().anyMatch(dir -> Files.exists(Path.of(dir, "libcrypto.so.3")));
        assumeTrue(linux && libcrypto && Runtime.version().feature() >= 22, "no OpenSSL 3 or no FFM here");
        assertTrue(Sha256Engines.isOpenSsl(), "OpenSSL's SHA-256 did not load: the client would hash at C1 speed");
    }

    @Test
    void givesTheJdksHashForAnySplitOfAnyInput() {
        Random random = new Random(7);
        for (int round = 0; round < 300; round++) {
            byte[] data = new byte[random.nextInt(round < 100 ? 200 : 300_000)];
            random.nextBytes(data);
            int offset = data.length == 0 ? 0 : random.nextInt(data.length);
            byte[] expected = jdk(data, offset, data.length - offset);
            try (Sha256 engine = Sha256Engines.fastest().get()) {
                int position = offset;
                while (position < data.length) {
                    int n = Math.min(data.length - position, 1 + random.nextInt(70_000));
                    engine.update(data, position, n);
                    position += n;
                }
                assertArrayEquals(expected, engine.digest(), "round " + round + ", " + data.length + " bytes from " + offset);
            }
        }
    }

    /** FileSha256 hands direct buffers straight to the engine; heap buffers work too. */
    @Test
    void directAndHeapBuffersGiveTheSameHash() {
        Random random = new Random(11);
        for (int round = 0; round < 50; round++) {
            byte[] data = new byte[random.nextInt(3_000_000)];
            random.nextBytes(data);
            java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(Math.max(1, data.length));
            direct.put(data).flip();
            java.nio.ByteBuffer heap = java.nio.ByteBuffer.wrap(data).asReadOnlyBuffer();
            try (Sha256 fromDirect = Sha256Engines.fastest().get(); Sha256 fromHeap = Sha256Engines.fastest().get()) {
                int split = data.length / 3;
                fromDirect.update(direct.slice(0, split));
                fromDirect.update(direct.position(split));
                fromHeap.update(heap);
                assertEquals(direct.limit(), direct.position(), "consumed");
                assertEquals(0, heap.remaining(), "consumed");
                byte[] expected = jdk(data, 0, data.length);
                assertArrayEquals(expected, fromDirect.digest(), "direct, round " + round);
                assertArrayEquals(expected, fromHeap.digest(), "heap, round " + round);
            }
        }
    }

    @Test
    void knownVectors() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", hex(""));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", hex("abc"));
    }

    @Test
    void aSliceOutsideTheArrayIsRefusedBeforeAnyByteIsRead() {
        try (Sha256 engine = Sha256Engines.fastest().get()) {
            byte[] data = new byte[16];
            assertThrows(IndexOutOfBoundsException.class, () -> engine.update(data, 8, 9));
            assertThrows(IndexOutOfBoundsException.class, () -> engine.update(data, -1, 2));
        }
    }

    /** Heap chunks and pooled direct ones: the engine hashes either kind in place. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void parallelDigestOfALargeBodyMatches(boolean direct) throws Exception {
        byte[] data = new byte[9_000_000]; // over ParallelDigest's inline limit: hashed on its own thread
        new Random(3).nextBytes(data);
        ChunkBuffers buffers = direct ? new DirectBufferPool(256 * 1024, 4) : ChunkBuffers.HEAP;
        try (ParallelDigest digest = new ParallelDigest(data.length, 256 * 1024, HASHERS, Sha256Engines.fastest(), buffers)) {
            for (int position = 0; position < data.length; ) {
                ByteBuffer buffer = digest.take();
                int n = Math.min(buffer.remaining(), data.length - position);
                buffer.put(data, position, n);
                digest.hash(buffer, n);
                position += n;
            }
            assertEquals(HexFormat.of().formatHex(jdk(data, 0, data.length)), digest.finish());
        }
    }

    private static String hex(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        try (Sha256 engine = Sha256Engines.fastest().get()) {
            engine.update(bytes, 0, bytes.length);
            return HexFormat.of().formatHex(engine.digest());
        }
    }

    private static byte[] jdk(byte[] data, int offset, int length) {
        return ParallelDigest.sha256().digest(Arrays.copyOfRange(data, offset, offset + length));
    }
}
