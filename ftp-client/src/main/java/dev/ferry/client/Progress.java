package dev.ferry.client;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Transfer progress on stderr, redrawn in place a few times a second, only when stderr is a
 * terminal: current file, overall bytes and percentage, rate and ETA. Counters are shared by
 * parallel workers.
 */
final class Progress implements AutoCloseable {
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintWriter err;
    private final boolean enabled;
    private final long totalBytes;
    private final int totalFiles;
    private final AtomicLong doneBytes = new AtomicLong();
    private final AtomicInteger doneFiles = new AtomicInteger();
    private final Map<String, long[]> active = new ConcurrentHashMap<>();
    private final long started = System.nanoTime();
    private final Thread renderer;
    private volatile boolean closed;
    private int lastWidth;

    Progress(PrintWriter err, boolean enabled, long totalBytes, int totalFiles) {
        this.err = err;
        this.enabled = enabled;
        this.totalBytes = totalBytes;
        this.totalFiles = totalFiles;
        this.renderer = enabled ? Thread.ofPlatform().daemon().name("ferry-progress").start(this::renderLoop) : null;
    }

    /** A file starts; {@code alreadyHave} bytes (a resume) count as done at once. */
    void fileStarted(String name, long size, long alreadyHave) {
        active.put(name, new long[] {alreadyHave, size});
        doneBytes.addAndGet(alreadyHave);
    }

    void advanced(String name, long bytes) {
        long[] state = active.get(name);
        if (state != null) {
            state[0] += bytes;
        }
        doneBytes.addAndGet(bytes);
    }

    /** The file ended (either way); bytes not transferred are still counted so totals stay honest. */
    void fileEnded(String name, boolean success) {
        long[] state = active.remove(name);
        if (success) {
            doneFiles.incrementAndGet();
        } else if (state != null) {
            doneBytes.addAndGet(Math.max(0, state[1] - state[0]));
        }
    }

    long bytesDone() {
        return doneBytes.get();
    }

    double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    private void renderLoop() {
        while (!closed) {
            java.util.concurrent.locks.LockSupport.parkNanos(REDRAW_NANOS);
            if (!closed) {
                draw();
            }
        }
    }

    private void draw() {
        double seconds = Math.max(0.001, seconds());
        long done = doneBytes.get();
        double rate = done / seconds;
        StringBuilder line = new StringBuilder();
        line.append('[').append(doneFiles.get()).append('/').append(totalFiles).append(" files] ");
        if (totalBytes > 0) {
            line.append(done * 100 / totalBytes).append("% ");
        }
        line.append(Units.bytes(done)).append('/').append(Units.bytes(totalBytes)).append("  ")
                .append(Units.bytes((long) rate)).append("/s");
        if (rate > 0 && totalBytes > done) {
            line.append("  ETA ").append(Units.duration((long) ((totalBytes - done) / rate)));
        }
        active.entrySet().stream().findFirst().ifPresent(e -> {
            long[] s = e.getValue();
            line.append("  ").append(Units.shorten(e.getKey(), 40));
            if (s[1] > 0) {
                line.append(' ').append(s[0] * 100 / s[1]).append('%');
            }
        });
        String text = line.toString();
        int pad = Math.max(0, lastWidth - text.length());
        lastWidth = text.length();
        err.print("\r" + text + " ".repeat(pad));
        err.flush();
    }

    @Override
    public void close() {
        closed = true;
        if (renderer != null) {
            renderer.interrupt();
            try {
                renderer.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            draw();
            err.println();
        }
    }
}
