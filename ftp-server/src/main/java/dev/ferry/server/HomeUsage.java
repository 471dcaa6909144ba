package dev.ferry.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each home holds, for quota checks. A check used to walk the whole home: with a quota
 * and 20,000 files, 200 uploads of 4 KiB took 5.4-6.2 s instead of 0.34-0.38 s. Now a home
 * is walked once, the server's own changes (commits, deletes, replacing renames) keep the
 * figure current, and it is walked again when it is older than {@link #REWALK_AFTER}, which
 * is how files put into a home from outside the server show up. Shared by every session:
 * concurrent changes of one user can skew it by a file until that re-walk, as concurrent
 * uploads could always each pass the check before either was committed.
 */
final class HomeUsage {
    static final Duration REWALK_AFTER = Duration.ofMinutes(1);

    private record Counted(FileOperations.Totals totals, long walkedAtNanos) {
    }

    @FunctionalInterface
    interface Walk {
        FileOperations.Totals walk() throws IOException;
    }

    private final ConcurrentHashMap<Path, Counted> homes = new ConcurrentHashMap<>();

    /** The bytes in {@code home}: remembered, or walked when unknown or too old. */
    long bytes(Path home, Walk walk) throws IOException {
        Counted counted = homes.get(home);
        if (counted == null || System.nanoTime() - counted.walkedAtNanos() > REWALK_AFTER.toNanos()) {
            long started = System.nanoTime();
            counted = new Counted(walk.walk(), started);
            homes.put(home, counted);
        }
        return counted.totals().bytes();
    }

    /** A change the server made in {@code home}; ignored while the home is not counted yet. */
    void changed(Path home, long bytes, long files) {
        homes.computeIfPresent(home, (h, c) -> new Counted(
                new FileOperations.Totals(c.totals().bytes() + bytes, c.totals().files() + files), c.walkedAtNanos()));
    }

    /** Forgets a home's figure (after a change too large to track, like a recursive delete). */
    void forget(Path home) {
        homes.remove(home);
    }
}
