package dev.ferry.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class ScramTest {
    // RFC 7677 section 3.
    private static final String USER = "user";
    private static final String PASSWORD = "pencil";
    private static final String CLIENT_NONCE = "rOprNGfwEbeRWgbNEkqO";
    private static final String NONCE = "rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private static final String SALT = "W22ZaJ0SNY7soEsUEjb6gQ==";
    private static final int ITERATIONS = 4096;
    private static final String PROOF = "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private static final String SIGNATURE = "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    private static String authMessage() {
        return Scram.authMessage(USER, CLIENT_NONCE, NONCE, SALT, ITERATIONS, null);
    }

    @Test
    void authMessageMatchesRfc7677() {
        assertEquals("n=user,r=rOprNGfwEbeRWgbNEkqO,r=" + NONCE + ",s=" + SALT + ",i=4096,c=biws,r=" + NONCE, authMessage());
    }

    @Test
    void clientProofMatchesRfc7677() {
        byte[] salted = Scram.saltedPassword(PASSWORD, Base64.getDecoder().decode(SALT), ITERATIONS);
        assertEquals(PROOF, Base64.getEncoder().encodeToString(Scram.clientProof(salted, authMessage())));
    }

    @Test
    void serverSignatureMatchesRfc7677() {
        Scram.StoredCredentials creds = Scram.credentials(PASSWORD, Base64.getDecoder().decode(SALT), ITERATIONS);
        assertEquals(SIGNATURE, Base64.getEncoder().encodeToString(Scram.serverSignature(creds.serverKey(), authMessage())));
    }

    @Test
    void serverAcceptsTheRfc7677Proof() {
        Scram.StoredCredentials creds = Scram.credentials(PASSWORD, Base64.getDecoder().decode(SALT), ITERATIONS);
        assertTrue(Scram.verifyProof(creds.storedKey(), authMessage(), Base64.getDecoder().decode(PROOF)));
    }

    @Test
    void serverRejectsAProofWithOneBitFlipped() {
        Scram.StoredCredentials creds = Scram.credentials(PASSWORD, Base64.getDecoder().decode(SALT), ITERATIONS);
        byte[] proof = Base64.getDecoder().decode(PROOF);
        proof[5] ^= 1;
        assertFalse(Scram.verifyProof(creds.storedKey(), authMessage(), proof));
    }

    @Test
    void serverRejectsAProofOfTheWrongLength() {
        Scram.StoredCredentials creds = Scram.credentials(PASSWORD, Base64.getDecoder().decode(SALT), ITERATIONS);
        assertFalse(Scram.verifyProof(creds.storedKey(), authMessage(), new byte[31]));
    }

    @Test
    void passwordsAreNfcNormalized() {
        byte[] salt = Scram.newSalt();
        // "é" precomposed vs "e" + combining acute accent
        assertArrayEquals(Scram.saltedPassword("caf\u00e9", salt, 4096), Scram.saltedPassword("cafe\u0301", salt, 4096));
    }

    @Test
    void channelBindingChangesTheAuthMessage() {
        byte[] cb = Scram.sha256(new byte[] {1, 2, 3});
        String bound = Scram.authMessage(USER, CLIENT_NONCE, NONCE, SALT, ITERATIONS, cb);
        assertNotEquals(authMessage(), bound);
        String expectedC = Base64.getEncoder().encodeToString(
                concat("p=tls-server-end-point,,".getBytes(java.nio.charset.StandardCharsets.US_ASCII), cb));
        assertTrue(bound.contains(",c=" + expectedC + ",r="));
    }

    @Test
    void freshNoncesAreValidAndDistinct() {
        String a = Scram.newNonce();
        String b = Scram.newNonce();
        assertTrue(Scram.isValidNonce(a));
        assertNotEquals(a, b);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
