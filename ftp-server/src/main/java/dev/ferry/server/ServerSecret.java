package dev.ferry.server;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * 32 random bytes made on first start and kept: the key that derives unknown users' fake
 * salts, so they stay stable across attempts and restarts (no enumeration by salt).
 */
final class ServerSecret {
    private ServerSecret() {
    }

    static byte[] loadOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(temp);
            Files.write(Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))), secret);
            try {
                Files.move(temp, file); // not REPLACE_EXISTING: a concurrent first start keeps the first secret
            } catch (FileAlreadyExistsException e) {
                Files.delete(temp);
            }
            Durability.syncDirectory(file.getParent());
        }
        byte[] secret = Files.readAllBytes(file);
        if (secret.length < 32) {
            throw new IOException("server secret is shorter than 32 bytes; delete it to make a new one");
        }
        return secret;
    }
}
