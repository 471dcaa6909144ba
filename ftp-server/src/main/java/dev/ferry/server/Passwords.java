package dev.ferry.server;

import dev.ferry.protocol.Scram;
import java.security.SecureRandom;

/** New credentials: generated passwords and the verifiers stored for them. */
final class Passwords {
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {
    }

    /** 24 characters from a 57-symbol alphabet: about 140 bits, no look-alike characters. */
    static String generate() {
        StringBuilder password = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    static Scram.StoredCredentials credentials(String password, int iterations) {
        if (password.isEmpty()) {
            throw new IllegalArgumentException("the password is empty");
        }
        return Scram.credentials(password, Scram.newSalt(), iterations);
    }
}
