package dev.ferry.protocol;

/**
 * Where SHA-256 engines come from: OpenSSL's ({@code OpenSslSha256}, compiled for Java 22+)
 * when this JDK and machine have it, otherwise the JDK's. {@code -Dferry.sha256=jdk} forces
 * the JDK's. Only Linux is tried: on macOS, loading the system libcrypto aborts the process.
 */
public final class Sha256Engines {
    static final String OPENSSL_CLASS = "dev.ferry.protocol.OpenSslSha256";

    /** The JDK's SHA-256 (every JDK has one). */
    public static final Sha256.Engine JDK = Sha256::jdk;

    private Sha256Engines() {
    }

    /** OpenSSL's where it loads, else {@link #JDK}; bound on first use (~15-45 ms in a fresh JVM). */
    public static Sha256.Engine fastest() {
        return Loaded.FASTEST;
    }

    public static boolean isOpenSsl() {
        return fastest() != JDK;
    }

    private static final class Loaded {
        static final Sha256.Engine FASTEST = load();
    }

    private static Sha256.Engine load() {
        if ("jdk".equals(System.getProperty("ferry.sha256")) || !System.getProperty("os.name", "").startsWith("Linux")) {
            return JDK;
        }
        try {
            return (Sha256.Engine) Class.forName(OPENSSL_CLASS).getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return JDK; // a JDK before 22, or no libcrypto.so.3 here
        }
    }

    /** Prints which engine this JDK and machine give, "openssl" or "jdk" (the client's launcher asks once per build). */
    public static void main(String[] args) {
        System.out.println(isOpenSsl() ? "openssl" : "jdk");
    }
}
