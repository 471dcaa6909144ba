package dev.ferry.protocol;

import java.security.DigestException;
import java.security.MessageDigest;

/**
 * HMAC-SHA-256 (RFC 2104) and PBKDF2-HMAC-SHA-256 (RFC 8018) for SCRAM, composed from the
 * JDK's SHA-256 {@link MessageDigest}. javax.crypto computes the same values (HmacSha256Test
 * compares them on random inputs), but its first use sets up the JCE's policy and provider
 * checks, ~12 ms of a fresh client; and its Mac hashes the padded key again for every block,
 * where this keeps the two keyed digest states and clones them: two SHA-256 compressions per
 * HMAC of a short message instead of four, which halves the PBKDF2 loop (4,096 iterations:
 * ~15 ms in a fresh JVM under C1).
 */
final class HmacSha256 {
    static final int LENGTH = 32;
    private static final int BLOCK = 64;

    /** SHA-256 states after the inner and the outer padded key; cloned, never finished. */
    private final MessageDigest inner;
    private final MessageDigest outer;

    HmacSha256(byte[] key) {
        byte[] k = key.length > BLOCK ? ParallelDigest.sha256().digest(key) : key;
        byte[] innerPad = new byte[BLOCK];
        byte[] outerPad = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            byte b = i < k.length ? k[i] : 0;
            innerPad[i] = (byte) (b ^ 0x36);
            outerPad[i] = (byte) (b ^ 0x5c);
        }
        inner = ParallelDigest.sha256();
        inner.update(innerPad);
        outer = ParallelDigest.sha256();
        outer.update(outerPad);
    }

    byte[] mac(byte[] message) {
        byte[] out = new byte[LENGTH];
        mac(message, out);
        return out;
    }

    /** Writes the MAC of {@code message} to {@code out} (32 bytes; it may be {@code message} itself). */
    private void mac(byte[] message, byte[] out) {
        try {
            MessageDigest in = (MessageDigest) inner.clone();
            in.update(message);
            in.digest(out, 0, LENGTH);
            MessageDigest o = (MessageDigest) outer.clone();
            o.update(out);
            o.digest(out, 0, LENGTH);
        } catch (CloneNotSupportedException | DigestException e) {
            throw new IllegalStateException("the JDK's SHA-256 is cloneable and writes 32 bytes", e);
        }
    }

    /** PBKDF2 with this HMAC as the PRF, for one block of output (32 bytes: SCRAM's SaltedPassword). */
    static byte[] pbkdf2(byte[] password, byte[] salt, int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("PBKDF2 needs at least one iteration, not " + iterations);
        }
        HmacSha256 prf = new HmacSha256(password);
        byte[] first = new byte[salt.length + 4];
        System.arraycopy(salt, 0, first, 0, salt.length);
        first[first.length - 1] = 1; // INT(1), big-endian: the only block
        byte[] u = prf.mac(first);
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            prf.mac(u, u);
            for (int j = 0; j < LENGTH; j++) {
                result[j] ^= u[j];
            }
        }
        return result;
    }
}
