package dev.ferry.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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
    void pbkdf2MatchesRfc7914Section11() {
        // The first 32 bytes of each 64-byte answer: one PBKDF2 block, as SCRAM uses it.
        assertArrayEquals(HEX.parseHex("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"),
                HmacSha256.pbkdf2(ascii("passwd"), ascii("salt"), 1));
        assertArrayEquals(HEX.parseHex("4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"),
                HmacSha256.pbkdf2(ascii("Password"), ascii("NaCl"), 80_000));
    }

    @Test
    void pbkdf2WithAPasswordLongerThanABlockMatchesTheJdk() throws Exception {
        char[] password = "a passphrase of more than sixty-four characters, which HMAC hashes first".toCharArray();
        byte[] salt = ascii("pepper and salt!");
        byte[] expected = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password, salt, 4096, 256)).getEncoded();
        assertArrayEquals(expected, HmacSha256.pbkdf2(new String(password).getBytes(StandardCharsets.UTF_8), salt, 4096));
    }

    @Test
    void theWordwiseHashOfAKeyedBlockAndA32ByteMessageIsSha256() throws Exception {
        Random random = new Random(11);
        Sha256Words words = new Sha256Words();
        for (int round = 0; round < 100; round++) {
            byte[] key = new byte[random.nextInt(65)];
            byte[] message = new byte[32];
            random.nextBytes(key);
            random.nextBytes(message);
            int pad = random.nextInt(256);
            byte[] block = new byte[64];
            for (int i = 0; i < block.length; i++) {
                block[i] = (byte) ((i < key.length ? key[i] : 0) ^ pad);
            }
            MessageDigest jdk = MessageDigest.getInstance("SHA-256");
            jdk.update(block);
            jdk.update(message);
            int[] out = new int[Sha256Words.WORDS];
            words.hashAfterBlock(words.stateAfter(block), Sha256Words.toWords(message), out);
            assertArrayEquals(jdk.digest(), Sha256Words.toBytes(out), "key " + key.length + ", pad " + pad);
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void pbkdf2RefusesZeroIterations() {
        assertThrows(IllegalArgumentException.class, () -> HmacSha256.pbkdf2(new byte[1], new byte[16], 0));
    }
}
