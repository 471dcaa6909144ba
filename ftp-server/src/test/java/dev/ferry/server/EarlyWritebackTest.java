package dev.ferry.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Flushable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EarlyWritebackTest {
    private static final long EVERY = EarlyWriteback.EVERY_BYTES;

    private final AtomicInteger flushes = new AtomicInteger();
    private final Flushable counting = flushes::incrementAndGet;

    @Test
    void aBodyShorterThanTheStepIsNeverForcedEarly() {
        try (EarlyWriteback writeback = new EarlyWriteback(counting, 0)) {
            writeback.written(EVERY - 1);
        }
        assertEquals(0, flushes.get());
    }

    @Test
    void aResumeCountsFromWhereItStarts() {
        try (EarlyWriteback writeback = new EarlyWriteback(counting, 5 * EVERY)) {
            writeback.written(6 * EVERY - 1);
        }
        assertEquals(0, flushes.get());
    }

    @Test
    void eachStepCrossedForcesOnceAndCloseWaitsForTheForce() throws Exception {
        CountDownLatch forced = new CountDownLatch(1);
        try (EarlyWriteback writeback = new EarlyWriteback(() -> {
            flushes.incrementAndGet();
            forced.countDown();
        }, 0)) {
            writeback.written(EVERY);
            assertTrue(forced.await(10, TimeUnit.SECONDS));
            writeback.written(EVERY + 1); // not a new step
        }
        assertEquals(1, flushes.get());
    }

    /** A slow disk: steps crossed while a force runs make one more force, not one each. */
    @Test
    void stepsCrossedDuringAForceCoalesceIntoOne() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch secondDone = new CountDownLatch(1);
        EarlyWriteback writeback = new EarlyWriteback(() -> {
            int n = flushes.incrementAndGet();
            if (n == 2) {
                secondDone.countDown();
            }
            if (n == 1) {
                firstStarted.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, 0);
        writeback.written(EVERY);
        assertTrue(firstStarted.await(10, TimeUnit.SECONDS));
        writeback.written(2 * EVERY);
        writeback.written(3 * EVERY);
        writeback.written(4 * EVERY);
        release.countDown();
        assertTrue(secondDone.await(10, TimeUnit.SECONDS));
        writeback.close();
        assertEquals(2, flushes.get(), "three requests made during the first force became one");
    }
}
