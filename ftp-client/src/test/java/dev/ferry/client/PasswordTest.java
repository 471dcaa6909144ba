package dev.ferry.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ferry.protocol.Scram;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PasswordTest {
    private static final byte[] SALT_A = "sixteen-bytes-A!".getBytes();
    private static final byte[] SALT_B = "sixteen-bytes-B!".getBytes();

    @Test
    void derivesWhatScramDerivesForEachSaltAndIterationCount() {
        Password password = new Password("pässword".toCharArray());
        assertArrayEquals(Scram.saltedPassword("pässword", SALT_A, 4096), password.salted(SALT_A, 4096));
        assertArrayEquals(Scram.saltedPassword("pässword", SALT_A, 4096), password.salted(SALT_A, 4096), "reused");
        assertArrayEquals(Scram.saltedPassword("pässword", SALT_B, 4096), password.salted(SALT_B, 4096), "another salt");
        assertArrayEquals(Scram.saltedPassword("pässword", SALT_B, 5000), password.salted(SALT_B, 5000), "more iterations");
    }

    @Test
    void aCallerCannotSpoilTheKeptKey() {
        Password password = new Password("secret".toCharArray());
        byte[] first = password.salted(SALT_A, 4096);
        byte[] expected = first.clone();
        Arrays.fill(first, (byte) 0);
        assertArrayEquals(expected, password.salted(SALT_A, 4096));
        assertFalse(Arrays.equals(first, password.salted(SALT_A, 4096)));
    }
}
