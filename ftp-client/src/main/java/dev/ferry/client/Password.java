package dev.ferry.client;

import dev.ferry.protocol.Scram;
import java.util.Arrays;

/**
 * The user's password for one command, and the SCRAM SaltedPassword derived from it.
 * PBKDF2 with the server's 4096+ iterations is the costliest step of a login (~30 ms warm,
 * ~100 ms in a fresh JVM), and a transfer opens up to --parallel connections that all get
 * the same salt: the first login derives it, the others reuse it (RFC 5802 §5.1 allows a
 * client to keep it). It lives in this process's memory only, never on disk.
 */
final class Password {
    private final char[] secret;
    private byte[] salt;
    private int iterations;
    private byte[] salted;

    Password(char[] secret) {
        this.secret = secret.clone();
    }

    /** PBKDF2-HMAC-SHA-256 of the password (SCRAM's SaltedPassword), derived once per salt. */
    synchronized byte[] salted(byte[] salt, int iterations) {
        if (salted == null || iterations != this.iterations || !Arrays.equals(salt, this.salt)) {
            this.salted = Scram.saltedPassword(new String(secret), salt, iterations);
            this.salt = salt.clone();
            this.iterations = iterations;
        }
        return salted.clone();
    }
}
