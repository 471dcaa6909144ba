package dev.ferry.server;

import dev.ferry.protocol.Uninterruptibly;
import java.io.Flushable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;

/**
 * Gets a large upload's bytes onto the disk while the rest is still arriving, so that the
 * commit's fsync finds little left to write. Without it the kernel holds the whole body in
 * the page cache (writeback starts only at 10% of RAM dirty) and the commit of a 1 GiB upload
 * waited 0.5-0.7 s for the disk with the network idle; now ~30 ms (bench/RESULTS.md). Every
 * {@value #EVERY_BYTES} bytes received, a thread of its own calls {@code fdatasync}; requests
 * made while one runs coalesce into the next. Its failures are not reported here: the
 * commit's own force reports any real error.
 */
final class EarlyWriteback implements AutoCloseable {
    static final long EVERY_BYTES = 32L << 20;
    private static final ThreadFactory FLUSHERS = Thread.ofVirtual().name("ferry-writeback").factory();

    private final Flushable disk;
    private final Semaphore requests = new Semaphore(0);
    private volatile boolean closed;
    private long nextAt; // the receiving thread's own
    private Thread flusher; // started by the first request

    /** For a file whose bytes up to {@code start} were written before (a resume). */
    static EarlyWriteback of(FileChannel file, long start) {
        return new EarlyWriteback(() -> file.force(false), start);
    }

    /** {@code disk}: what forces the written bytes to disk ({@code fdatasync}). */
    EarlyWriteback(Flushable disk, long start) {
        this.disk = disk;
        this.nextAt = start + EVERY_BYTES;
    }

    /** Called by the receiving thread after writing up to {@code end}. */
    void written(long end) {
        if (end < nextAt) {
            return;
        }
        nextAt = end + EVERY_BYTES;
        if (flusher == null) {
            flusher = FLUSHERS.newThread(this::run);
            flusher.start();
        }
        if (requests.availablePermits() == 0) {
            requests.release();
        }
    }

    private void run() {
        try {
            while (true) {
                requests.acquire();
                if (closed) {
                    return;
                }
                requests.drainPermits();
                disk.flush();
            }
        } catch (InterruptedException | IOException e) {
            // the upload is over or its file failed: the commit's own force reports real errors
        }
    }

    /**
     * Stops the flushing thread, after the fdatasync it may be running. Woken, never
     * interrupted: an interrupt inside {@code force} would close the upload's file channel.
     */
    @Override
    public void close() {
        closed = true;
        if (flusher == null) {
            return;
        }
        requests.release();
        Uninterruptibly.join(flusher);
    }
}
