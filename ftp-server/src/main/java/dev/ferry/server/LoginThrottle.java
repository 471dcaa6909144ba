package dev.ferry.server;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Brute-force brake (PROTOCOL.md §2): after {@code limit} failed logins from one address
 * within the window, that address is refused at {@code hello} until a full window has passed
 * since its last failure. A success does not reset the count; loopback is not exempt.
 */
final class LoginThrottle {
    private final int limit;
    private final long windowNanos;
    private final Map<InetAddress, Failures> byAddress = new ConcurrentHashMap<>();

    private static final class Failures {
        final ReentrantLock lock = new ReentrantLock();
        final ArrayDeque<Long> times = new ArrayDeque<>();
        long blockedUntil;
        long last;
    }

    LoginThrottle(int limit, Duration window) {
        this.limit = limit;
        this.windowNanos = window.toNanos();
    }

    /** Seconds the address must wait (rounded up), or 0 when it may try. */
    long retryAfterSeconds(InetAddress address) {
        Failures f = byAddress.get(address);
        if (f == null) {
            return 0;
        }
        f.lock.lock();
        try {
            long left = f.blockedUntil - System.nanoTime();
            return left <= 0 ? 0 : Math.max(1, (left + 999_999_999L) / 1_000_000_000L);
        } finally {
            f.lock.unlock();
        }
    }

    void recordFailure(InetAddress address) {
        Failures f = byAddress.computeIfAbsent(address, a -> new Failures());
        f.lock.lock();
        try {
            long now = System.nanoTime();
            f.last = now;
            f.times.addLast(now);
            while (!f.times.isEmpty() && now - f.times.peekFirst() > windowNanos) {
                f.times.removeFirst();
            }
            if (f.times.size() >= limit) {
                f.blockedUntil = now + windowNanos;
            }
            while (f.times.size() > limit) {
                f.times.removeFirst(); // only the last 'limit' matter: memory stays bounded per address
            }
        } finally {
            f.lock.unlock();
        }
    }

    /** Forgets addresses with no failure within the window (called periodically). */
    void sweep() {
        long now = System.nanoTime();
        byAddress.entrySet().removeIf(e -> {
            Failures f = e.getValue();
            f.lock.lock();
            try {
                return now - f.last > windowNanos && now - f.blockedUntil > 0;
            } finally {
                f.lock.unlock();
            }
        });
    }
}
