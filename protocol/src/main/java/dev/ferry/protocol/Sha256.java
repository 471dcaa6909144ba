package dev.ferry.protocol;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.function.Supplier;

/**
 * One SHA-256 computation over byte arrays: the JDK's {@link MessageDigest} everywhere, or
 * another engine a side brings (the client's OpenSSL one). {@link #close} releases what the
 * engine holds outside the heap; it is called once, after the last use.
 */
public interface Sha256 extends AutoCloseable {
    void update(byte[] bytes, int offset, int length);

    /** Hashes the buffer's remaining bytes (a direct buffer's in place where the engine can) and consumes them. */
    void update(ByteBuffer buffer);

    /** The hash of everything updated; the computation is then spent. */
    byte[] digest();

    @Override
    default void close() {
    }

    /** The JDK's SHA-256 (every JDK has one). */
    static Sha256 jdk() {
        MessageDigest digest = ParallelDigest.sha256();
        return new Sha256() {
            @Override
            public void update(byte[] bytes, int offset, int length) {
                digest.update(bytes, offset, length);
            }

            @Override
            public void update(ByteBuffer buffer) {
                digest.update(buffer);
            }

            @Override
            public byte[] digest() {
                return digest.digest();
            }
        };
    }

    /** Where the engines come from: {@code Sha256::jdk}, or another side's choice. */
    interface Engine extends Supplier<Sha256> {
    }
}
