package dev.ferry.protocol;

import java.nio.ByteBuffer;

/**
 * SHA-256's compression function (FIPS 180-4, 6.2.2) on 32-bit words, for the PBKDF2 loop in
 * {@link HmacSha256}. Each of its 4,095 rounds hashes two one-block messages whose words are
 * the previous round's output; here they never become bytes, nor a {@code MessageDigest}
 * clone, update and digest. A fresh client spends the loop mostly in the interpreter and in
 * C1's first code (bench/RESULTS.md, E). Everything else hashes with the JDK's SHA-256.
 */
final class Sha256Words {
    static final int WORDS = 8;
    private static final int BLOCK_WORDS = 16;
    private static final int SCHEDULE_WORDS = 64;
    private static final int[] INITIAL = {
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    private static final int[] K = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

    /** The message schedule: the block's 16 words, then the 48 derived from them. */
    private final int[] schedule = new int[SCHEDULE_WORDS];

    /** The state after one 64-byte block (for HMAC, the key XOR-ed with a pad). */
    int[] stateAfter(byte[] block) {
        ByteBuffer.wrap(block).asIntBuffer().get(schedule, 0, BLOCK_WORDS); // big-endian, as SHA-256 reads it
        int[] state = new int[WORDS];
        compress(INITIAL, state);
        return state;
    }

    /**
     * {@code out} = the hash of a 32-byte message (8 words) that follows one 64-byte block
     * already compressed into {@code state}: a single block holding the message and its padding.
     */
    void hashAfterBlock(int[] state, int[] message, int[] out) {
        System.arraycopy(message, 0, schedule, 0, WORDS);
        schedule[8] = 0x80000000; // the 1 bit after the message
        for (int i = 9; i < 15; i++) {
            schedule[i] = 0;
        }
        schedule[15] = (64 + 32) * 8; // the whole message's length in bits
        compress(state, out);
    }

    private void compress(int[] state, int[] out) {
        int[] w = schedule;
        for (int t = BLOCK_WORDS; t < SCHEDULE_WORDS; t++) {
            int w15 = w[t - 15];
            int w2 = w[t - 2];
            int s0 = Integer.rotateRight(w15, 7) ^ Integer.rotateRight(w15, 18) ^ w15 >>> 3;
            int s1 = Integer.rotateRight(w2, 17) ^ Integer.rotateRight(w2, 19) ^ w2 >>> 10;
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        int a = state[0], b = state[1], c = state[2], d = state[3];
        int e = state[4], f = state[5], g = state[6], h = state[7];
        for (int t = 0; t < SCHEDULE_WORDS; t++) {
            int t1 = h + (Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25))
                    + (e & f ^ ~e & g) + K[t] + w[t];
            int t2 = (Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22))
                    + (a & b ^ a & c ^ b & c);
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        out[0] = state[0] + a;
        out[1] = state[1] + b;
        out[2] = state[2] + c;
        out[3] = state[3] + d;
        out[4] = state[4] + e;
        out[5] = state[5] + f;
        out[6] = state[6] + g;
        out[7] = state[7] + h;
    }

    /** Big-endian words of {@code bytes} (a multiple of 4 long). */
    static int[] toWords(byte[] bytes) {
        int[] words = new int[bytes.length / 4];
        ByteBuffer.wrap(bytes).asIntBuffer().get(words);
        return words;
    }

    static byte[] toBytes(int[] words) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * words.length);
        bytes.asIntBuffer().put(words);
        return bytes.array();
    }
}
