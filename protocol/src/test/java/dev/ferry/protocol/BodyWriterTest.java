package dev.ferry.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A body's chunks on their way to a file and a hash, on the receiving thread or a thread of their own. */
class BodyWriterTest {
    private static final ThreadFactory THREADS = Thread.ofPlatform().daemon().factory();
    private static final int CHUNK = 64 * 1024;
    private static final int BODY = 10 * CHUNK + 123;

    /** A file in memory: what was written where, and in what order. */
    private static final class MemoryFile implements ChunkSink {
        final byte[] bytes = new byte[BODY];
        final List<Long> order = Collections.synchronizedList(new ArrayList<>());
        volatile long failAt = -1;

        @Override
        public long write(ByteBuffer chunk, long position) throws IOException {
            if (position == failAt) {
                throw new IOException("No space left on device");
            }
            int n = chunk.remaining();
            chunk.get(bytes, (int) position, n);
            order.add(position);
            return position + n;
        }
    }

    private static byte[] body() {
        byte[] b = new byte[BODY];
        new Random(7).nextBytes(b);
        return b;
    }

    /** A digest that hashes on a thread of its own, as it does for the bodies written in the background. */
    private static ParallelDigest digest() {
        return new ParallelDigest(ParallelDigest.INLINE_UP_TO + 1, CHUNK, THREADS);
    }

    private static BodyWriter writer(boolean background, ChunkSink sink, ParallelDigest digest) {
        return background ? BodyWriter.background(sink, digest, THREADS) : BodyWriter.inline(sink, digest);
    }

    /** Feeds the body chunk by chunk, as a receive loop does; returns the position reached. */
    private static long feed(BodyWriter writes, byte[] body, long upTo) throws IOException {
        long position = 0;
        while (position < upTo) {
            ByteBuffer chunk = writes.take();
            int n = (int) Math.min(chunk.remaining(), upTo - position);
            chunk.put(body, (int) position, n);
            writes.write(chunk.flip(), position);
            position += n;
        }
        return position;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void everyChunkIsWrittenInPlaceAndHashedInOrder(boolean background) throws Exception {
        byte[] body = body();
        MemoryFile file = new MemoryFile();
        try (ParallelDigest digest = digest()) {
            try (BodyWriter writes = writer(background, file, digest)) {
                feed(writes, body, BODY);
                writes.finish();
                assertArrayEquals(body, file.bytes); // finish: everything written, not merely queued
            }
            assertEquals(HexFormat.of().formatHex(ParallelDigest.sha256().digest(body)), digest.finish());
        }
        for (int i = 1; i < file.order.size(); i++) {
            assertEquals(file.order.get(i - 1) + CHUNK, file.order.get(i));
        }
    }

    /** Disk full at the third chunk: a WriteFailure carrying the disk's error, and nothing written after it. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aFailedWriteIsAWriteFailureAndStopsTheWrites(boolean background) throws Exception {
        byte[] body = body();
        MemoryFile file = new MemoryFile();
        file.failAt = 2L * CHUNK;
        try (ParallelDigest digest = digest(); BodyWriter writes = writer(background, file, digest)) {
            BodyWriter.WriteFailure failure = assertThrows(BodyWriter.WriteFailure.class, () -> {
                feed(writes, body, BODY);
                writes.finish();
            });
            assertEquals("No space left on device", failure.disk().getMessage());
            assertEquals(List.of(0L, (long) CHUNK), file.order);
        }
    }

    /** The disk holds the write at position 0 until {@code disk} is counted down. */
    private static ChunkSink slowDisk(MemoryFile file, CountDownLatch disk) {
        return (chunk, position) -> {
            try {
                if (position == 0) {
                    disk.await();
                }
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            return file.write(chunk, position);
        };
    }

    /** A lost connection: the chunks still queued when close() is called are in the file when it returns. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void closeReturnsOnceTheQueuedChunksAreWritten(boolean background) throws Exception {
        byte[] body = body();
        MemoryFile file = new MemoryFile();
        CountDownLatch disk = new CountDownLatch(background ? 1 : 0); // inline, the receiving thread itself would wait
        try (ParallelDigest digest = digest()) {
            BodyWriter writes = writer(background, slowDisk(file, disk), digest);
            feed(writes, body, 3L * CHUNK);
            // The disk lets go once close() waits, or once it has returned (wrongly) without waiting.
            Thread receiving = Thread.currentThread();
            AtomicBoolean closed = new AtomicBoolean();
            Thread releaser = THREADS.newThread(() -> {
                while (receiving.getState() != Thread.State.WAITING && !closed.get()) {
                    Thread.onSpinWait();
                }
                disk.countDown();
            });
            releaser.start();
            writes.close();
            closed.set(true);
            assertEquals(List.of(0L, (long) CHUNK, 2L * CHUNK), file.order);
            releaser.join();
        }
    }

    /** The part chunk that arrived before a lost connection is written after the chunks queued before it. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aSalvagedChunkIsWrittenAfterTheQueuedOnes(boolean background) throws Exception {
        byte[] body = body();
        MemoryFile file = new MemoryFile();
        CountDownLatch disk = new CountDownLatch(background ? 1 : 0);
        try (ParallelDigest digest = digest(); BodyWriter writes = writer(background, slowDisk(file, disk), digest)) {
            long position = feed(writes, body, 3L * CHUNK);
            ByteBuffer part = writes.take();
            part.put(body, (int) position, 1000);
            // The disk lets go once the salvage waits for the queued writes, or once it has written (wrongly) ahead of them.
            Thread receiving = Thread.currentThread();
            Thread releaser = THREADS.newThread(() -> {
                while (receiving.getState() != Thread.State.WAITING && !file.order.contains(3L * CHUNK)) {
                    Thread.onSpinWait();
                }
                disk.countDown();
            });
            releaser.start();
            assertEquals(position + 1000, writes.salvage(part.flip(), position));
            assertEquals(List.of(0L, (long) CHUNK, 2L * CHUNK, 3L * CHUNK), file.order);
            assertArrayEquals(Arrays.copyOf(body, 3 * CHUNK + 1000), Arrays.copyOf(file.bytes, 3 * CHUNK + 1000));
            releaser.join();
        }
    }
}
