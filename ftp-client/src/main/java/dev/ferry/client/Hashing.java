package dev.ferry.client;

import dev.ferry.protocol.Sha256;
import dev.ferry.protocol.Sha256Engines;
import java.util.concurrent.atomic.AtomicLong;

/** The SHA-256 engine for each transfer: the JDK's for a run's first bodies, then the fastest there is. */
final class Hashing {
    /**
     * What the first bodies of a run hash with the JDK's SHA-256 before OpenSSL's is bound:
     * binding it and calling it through FFM from C1 code cost a fresh client ~45-60 ms (2,000
     * files of 4 KiB: 773 ms against 728 with the JDK's, 6 interleaved rounds), and C1 hashes
     * ~7 ns a byte, so 8 MiB of JDK hashing costs about what binding saves (the ski-rental
     * rule: never worse than twice the better choice). A 1 GiB body binds OpenSSL at once.
     */
    static final long JDK_FIRST_BYTES = 8L << 20;
    private static final AtomicLong JDK_BYTES = new AtomicLong();

    private Hashing() {
    }

    /** The engine for one body of {@code bytes}: the JDK's while the run's first {@value #JDK_FIRST_BYTES} bytes last. */
    static Sha256.Engine engineFor(long bytes) {
        if (JDK_BYTES.get() + bytes <= JDK_FIRST_BYTES && JDK_BYTES.addAndGet(bytes) <= JDK_FIRST_BYTES) {
            return Sha256Engines.JDK;
        }
        return Sha256Engines.fastest();
    }
}
