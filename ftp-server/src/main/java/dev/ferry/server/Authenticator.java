package dev.ferry.server;

import dev.ferry.protocol.Request;
import dev.ferry.protocol.Scram;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;

/**
 * The server's half of SCRAM-SHA-256. An unknown user gets a challenge of the same shape as
 * a real one (default iterations, a 16-byte salt derived from the name and the server
 * secret, stable across attempts) and fails at {@code auth} with the same message after the
 * same work, so neither content nor timing tells whether a name exists.
 */
final class Authenticator {
    private final UserStore users;
    private final byte[] secret;
    private final int defaultIterations;

    /** What the server remembers between its challenge and the client's proof. */
    record Challenge(String name, User user, Scram.StoredCredentials credentials, String nonce, String authMessage) {
        String saltBase64() {
            return credentials.saltBase64();
        }
    }

    Authenticator(UserStore users, byte[] secret, int defaultIterations) {
        this.users = users;
        this.secret = secret.clone();
        this.defaultIterations = defaultIterations;
    }

    /** {@code channelBinding}: the certificate hash on TLS, null on plain TCP. */
    Challenge challenge(Request.Hello hello, byte[] channelBinding) throws IOException {
        User user = users.find(hello.user());
        Scram.StoredCredentials credentials = user != null ? user.credentials() : fakeCredentials(hello.user());
        String nonce = hello.nonce() + Scram.newNonce();
        String authMessage = Scram.authMessage(hello.user(), hello.nonce(), nonce, credentials.saltBase64(),
                credentials.iterations(), channelBinding);
        return new Challenge(hello.user(), user, credentials, nonce, authMessage);
    }

    /** The server signature when the proof is right, else null. Same work either way. */
    byte[] verify(Challenge challenge, String proofBase64) {
        byte[] proof;
        try {
            proof = Base64.getDecoder().decode(proofBase64);
        } catch (IllegalArgumentException e) {
            proof = null;
        }
        boolean valid = Scram.verifyProof(challenge.credentials().storedKey(), challenge.authMessage(), proof);
        byte[] signature = Scram.serverSignature(challenge.credentials().serverKey(), challenge.authMessage());
        return valid && challenge.user() != null ? signature : null;
    }

    private Scram.StoredCredentials fakeCredentials(String name) {
        byte[] salt = Arrays.copyOf(Scram.hmac(secret, "fake-salt:" + name), Scram.MIN_SALT_BYTES);
        byte[] stored = Scram.hmac(secret, "fake-stored-key:" + name);
        byte[] server = Scram.hmac(secret, "fake-server-key:" + name);
        return new Scram.StoredCredentials(salt, defaultIterations, stored, server);
    }
}
