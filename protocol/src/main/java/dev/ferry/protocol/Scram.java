package dev.ferry.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Base64;

/**
 * SCRAM-SHA-256 (RFC 5802 / RFC 7677) as Ferry carries it in JSON, plus the -PLUS channel
 * binding of RFC 5929 {@code tls-server-end-point}. Passwords are NFC-normalized UTF-8
 * instead of SASLprep (identical for ASCII).
 */
public final class Scram {
    public static final String CHANNEL_BINDING_TLS = "tls-server-end-point";
    /** The client refuses iteration counts outside this range (a fake or careless server). */
    public static final long MIN_ITERATIONS = 4096;
    public static final long MAX_ITERATIONS = 10_000_000;
    public static final int MIN_SALT_BYTES = 16;
    public static final int MIN_NONCE_BYTES = 18;
    public static final int MAX_NONCE_BYTES = 96;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Scram() {
    }

    /** What a server keeps per user: enough to verify a proof, never enough to log in. */
    public record StoredCredentials(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {
        public String saltBase64() {
            return Base64.getEncoder().encodeToString(salt);
        }
    }

    /** Derives what the server stores for a password. */
    public static StoredCredentials credentials(String password, byte[] salt, int iterations) {
        byte[] salted = saltedPassword(password, salt, iterations);
        return new StoredCredentials(salt.clone(), iterations, sha256(hmac(salted, "Client Key")), hmac(salted, "Server Key"));
    }

    public static byte[] saltedPassword(String password, byte[] salt, int iterations) {
        return HmacSha256.pbkdf2(nfc(password).getBytes(StandardCharsets.UTF_8), salt, iterations);
    }

    /** NFC of an ASCII string is itself; skipping the normalizer spares a fresh client loading ICU's data. */
    private static String nfc(String password) {
        for (int i = 0; i < password.length(); i++) {
            if (password.charAt(i) >= 0x80) {
                return Normalizer.normalize(password, Normalizer.Form.NFC);
            }
        }
        return password;
    }

    /**
     * The AuthMessage both sides sign. {@code cbindData} is null without channel binding
     * ({@code c=biws}), else the SHA-256 of the server certificate's DER bytes.
     */
    public static String authMessage(String user, String clientNonce, String nonce, String saltBase64,
                                     long iterations, byte[] cbindData) {
        return "n=" + user + ",r=" + clientNonce + ",r=" + nonce + ",s=" + saltBase64 + ",i=" + iterations
                + ",c=" + channelBindingField(cbindData) + ",r=" + nonce;
    }

    private static String channelBindingField(byte[] cbindData) {
        if (cbindData == null) {
            return "biws"; // base64("n,,")
        }
        byte[] prefix = ("p=" + CHANNEL_BINDING_TLS + ",,").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[prefix.length + cbindData.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(cbindData, 0, all, prefix.length, cbindData.length);
        return Base64.getEncoder().encodeToString(all);
    }

    /** The client's proof for an AuthMessage. */
    public static byte[] clientProof(byte[] saltedPassword, String authMessage) {
        byte[] clientKey = hmac(saltedPassword, "Client Key");
        byte[] signature = hmac(sha256(clientKey), authMessage);
        return xor(clientKey, signature);
    }

    public static byte[] serverSignature(byte[] serverKey, String authMessage) {
        return hmac(serverKey, authMessage);
    }

    /** The server's check of a proof: recovers ClientKey and compares its hash in constant time. */
    public static boolean verifyProof(byte[] storedKey, String authMessage, byte[] proof) {
        byte[] signature = hmac(storedKey, authMessage);
        if (proof == null || proof.length != signature.length) {
            return false;
        }
        return MessageDigest.isEqual(sha256(xor(proof, signature)), storedKey);
    }

    /** Constant-time comparison, for the client's check of the server signature. */
    public static boolean constantTimeEquals(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    /** A fresh nonce: base64 of 24 random bytes (no padding needed, no ',' possible). */
    public static String newNonce() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    public static byte[] newSalt() {
        byte[] salt = new byte[MIN_SALT_BYTES];
        RANDOM.nextBytes(salt);
        return salt;
    }

    /** True for base64 (standard alphabet, padded) of 18 to 96 bytes. */
    public static boolean isValidNonce(String nonce) {
        byte[] bytes = RequestDecoder.base64(nonce);
        return bytes != null && bytes.length >= MIN_NONCE_BYTES && bytes.length <= MAX_NONCE_BYTES
                && Base64.getEncoder().encodeToString(bytes).equals(nonce);
    }

    public static byte[] hmac(byte[] key, String text) {
        return new HmacSha256(key).mac(text.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] sha256(byte[] data) {
        return ParallelDigest.sha256().digest(data);
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }
}
