package dev.ferry.protocol;

import java.security.DigestException;
import java.security.MessageDigest;

/**
 * HMAC-SHA-256 (RFC 2104) and PBKDF2-HMAC-SHA-256 (RFC 8018) for SCRAM, composed from the
 * JDK's SHA-256 {@link MessageDigest}. javax.crypto computes the same values (HmacSha256Test
 * compares them on random inputs), but its first use sets up the JCE's policy and provider
 * checks, ~12 ms of a fresh client; and its Mac hashes the padded key again for every block,
 * where this keeps the two keyed digest states and clones them: two SHA-256 compressions per
 * HMAC of a short message instead of four. PBKDF2's loop goes further (below): E's fresh
 * `list` 97-99 -> 88-90 ms (bench/RESULTS.md).
 */
final class HmacSha256 {
    static final int LENGTH = 32;
    private static final int BLOCK = 64;
    private static final int INNER_PAD = 0x36;
    private static final int OUTER_PAD = 0x5c;

    /** SHA-256 states after the inner and the outer padded key; cloned, never finished. */
    private final MessageDigest inner;
    private final MessageDigest outer;

    HmacSha256(byte[] key) {
        byte[] k = blockKey(key);
        inner = ParallelDigest.sha256();
        inner.update(padded(k, INNER_PAD));
        outer = ParallelDigest.sha256();
        outer.update(padded(k, OUTER_PAD));
    }

    /** RFC 2104: a key longer than a block is replaced by its hash. */
    private static byte[] blockKey(byte[] key) {
        return key.length > BLOCK ? ParallelDigest.sha256().digest(key) : key;
    }

    /** The block-sized key XOR-ed with an HMAC pad: the first block of the inner or outer hash. */
    private static byte[] padded(byte[] blockKey, int pad) {
        byte[] block = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            block[i] = (byte) ((i < blockKey.length ? blockKey[i] : 0) ^ pad);
        }
        return block;
    }

    byte[] mac(byte[] message) {
        try {
            byte[] out = new byte[LENGTH];
            MessageDigest in = (MessageDigest) inner.clone();
            in.update(message);
            in.digest(out, 0, LENGTH);
            MessageDigest o = (MessageDigest) outer.clone();
            o.update(out);
            o.digest(out, 0, LENGTH);
            return out;
        } catch (CloneNotSupportedException | DigestException e) {
            throw new IllegalStateException("the JDK's SHA-256 is cloneable and writes 32 bytes", e);
        }
    }

    /**
     * PBKDF2 with this HMAC as the PRF, for one block of output (32 bytes: SCRAM's SaltedPassword).
     * The first round hashes the salt with the JDK's digest; the other rounds, each an HMAC of
     * the round before's 32 bytes, run on {@link Sha256Words}.
     */
    static byte[] pbkdf2(byte[] password, byte[] salt, int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("PBKDF2 needs at least one iteration, not " + iterations);
        }
        byte[] key = blockKey(password);
        byte[] first = new byte[salt.length + 4];
        System.arraycopy(salt, 0, first, 0, salt.length);
        first[first.length - 1] = 1; // INT(1), big-endian: the only block
        int[] u = Sha256Words.toWords(new HmacSha256(key).mac(first));
        int[] result = u.clone();
        Sha256Words sha = new Sha256Words();
        int[] inner = sha.stateAfter(padded(key, INNER_PAD));
        int[] outer = sha.stateAfter(padded(key, OUTER_PAD));
        int[] innerHash = new int[Sha256Words.WORDS];
        for (int i = 1; i < iterations; i++) {
            sha.hashAfterBlock(inner, u, innerHash);
            sha.hashAfterBlock(outer, innerHash, u);
            for (int j = 0; j < Sha256Words.WORDS; j++) {
                result[j] ^= u[j];
            }
        }
        return Sha256Words.toBytes(result);
    }
}
