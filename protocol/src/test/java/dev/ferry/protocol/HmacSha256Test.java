package dev.ferry.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** HmacSha256 must compute exactly what javax.crypto computes, which it replaced to start faster. */
class HmacSha256Test {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void hmacMatchesRfc4231TestCase2() {
        byte[] mac = new HmacSha256("Jefe".getBytes(StandardCharsets.US_ASCII))
                .mac("what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(HEX.parseHex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"), mac);
    }

    @Test
    void hmacWithAKeyLongerThanABlockMatchesRfc4231TestCase6() {
        byte[] key = new byte[131];
        java.util.Arrays.fill(key, (byte) 0xaa);
        byte[] mac = new HmacSha256(key).mac("Test Using Larger Than Block-Size Key - Hash Key First".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(HEX.parseHex("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"), mac);
    }

    @Test
    void hmacMatchesTheJdkMacOnRandomKeysAndMessages() throws Exception {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            byte[] key = new byte[1 + random.nextInt(150)];
            byte[] message = new byte[random.nextInt(300)];
            random.nextBytes(key);
            random.nextBytes(message);
            Mac jdk = Mac.getInstance("HmacSHA256");
            jdk.init(new SecretKeySpec(key, "HmacSHA256"));
            assertArrayEquals(jdk.doFinal(message), new HmacSha256(key).mac(message), "key " + key.length + ", message " + message.length);
        }
    }

    @Test
    void pbkdf2MatchesTheJdkOnRandomPasswordsSaltsAndCounts() throws Exception {
        Random random = new Random(7);
        SecretKeyFactory jdk = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
        for (int round = 0; round < 40; round++) {
            char[] password = new char[1 + random.nextInt(80)];
            for (int i = 0; i < password.length; i++) {
                password[i] = (char) (0x20 + random.nextInt(0x5f));
            }
            byte[] salt = new byte[16 + random.nextInt(20)];
            random.nextBytes(salt);
            int iterations = 1 + random.nextInt(3000);
            byte[] expected = jdk.generateSecret(new PBEKeySpec(password, salt, iterations, 256)).getEncoded();
            assertArrayEquals(expected, HmacSha256.pbkdf2(new String(password).getBytes(StandardCharsets.UTF_8), salt, iterations),
                    "iterations " + iterations);
        }
    }

    @Test
    void pbkdf2RefusesZeroIterations() {
        assertThrows(IllegalArgumentException.class, () -> HmacSha256.pbkdf2(new byte[1], new byte[16], 0));
    }
}
