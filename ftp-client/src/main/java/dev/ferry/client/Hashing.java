package dev.ferry.client;

import dev.ferry.protocol.Sha256;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SHA-256 engine for transfers: OpenSSL's ({@code OpenSslSha256}, compiled for Java 22+)
 * when this JDK and machine have it, otherwise the JDK's. {@code -Dferry.sha256=jdk} forces
 * the JDK's. Only Linux is tried: on macOS, loading the system libcrypto aborts the process.
 */
final class Hashing {
    static final String OPENSSL_CLASS = "dev.ferry.client.OpenSslSha256";

    private Hashing() {
    }

    /**
     * What the first bodies of a run hash with the JDK's SHA-256 before OpenSSL's is bound:
     * binding it and calling it through FFM from C1 code cost a fresh client ~45-60 ms (2,000
     * files of 4 KiB: 773 ms against 728 with the JDK's, 6 interleaved rounds), and C1 hashes
     * ~7 ns a byte, so 8 MiB of JDK hashing costs about what binding saves (the ski-rental
     * rule: never worse than twice the better choice). A 1 GiB body binds OpenSSL at once.
     */
    static final long JDK_FIRST_BYTES = 8L << 20;
    private static final AtomicLong JDK_BYTES = new AtomicLong();

    /** The engine for one body of {@code bytes}: the JDK's while the run's first {@value #JDK_FIRST_BYTES} bytes last. */
    static Sha256.Engine engineFor(long bytes) {
        if (JDK_BYTES.get() + bytes <= JDK_FIRST_BYTES && JDK_BYTES.addAndGet(bytes) <= JDK_FIRST_BYTES) {
            return Jdk.ENGINE;
        }
        return engine();
    }

    /** OpenSSL's where it loads, else the JDK's; bound on first use. */
    static Sha256.Engine engine() {
        return Loaded.ENGINE;
    }

    static boolean isOpenSsl() {
        return !(engine() instanceof Jdk);
    }

    private static final class Loaded {
        static final Sha256.Engine ENGINE = load();
    }

    private static Sha256.Engine load() {
        if ("jdk".equals(System.getProperty("ferry.sha256")) || !System.getProperty("os.name", "").startsWith("Linux")) {
            return Jdk.ENGINE;
        }
        try {
            return (Sha256.Engine) Class.forName(OPENSSL_CLASS).getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return Jdk.ENGINE; // a JDK before 22, or no libcrypto.so.3 here
        }
    }

    private static final class Jdk implements Sha256.Engine {
        static final Jdk ENGINE = new Jdk();

        @Override
        public Sha256 get() {
            return Sha256.jdk();
        }
    }

    /** Prints which engine transfers get here, "openssl" or "jdk": the launcher asks once per build. */
    public static void main(String[] args) {
        System.out.println(isOpenSsl() ? "openssl" : "jdk");
    }
}
