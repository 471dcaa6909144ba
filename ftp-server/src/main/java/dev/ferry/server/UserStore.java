package dev.ferry.server;

import dev.ferry.protocol.Scram;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * The users file: one line per user,
 * {@code name:salt:iterations:stored_key:server_key:quota_bytes|-:rw|ro} (base64 keys).
 * Written atomically with owner-only permissions; a running server sees edits made by
 * {@code ftp-server user ...} on its next login attempt, without a restart.
 */
final class UserStore {
    private static final String HEADER = "# Ferry users. Edit with 'ftp-server user ...'. "
            + "Format: name:salt:iterations:stored_key:server_key:quota_bytes|-:rw|ro";

    private final Path file;
    private final ReentrantLock lock = new ReentrantLock();
    private Map<String, User> users = Map.of();
    private FileTime loadedModified;
    private long loadedSize = -1;
    private Object loadedKey;

    UserStore(Path file) {
        this.file = file;
    }

    /** The user named, reading the file again when it changed; null when there is none. */
    User find(String name) throws IOException {
        return current().get(name);
    }

    List<User> all() throws IOException {
        return List.copyOf(current().values());
    }

    private Map<String, User> current() throws IOException {
        lock.lock();
        try {
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(file, BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
                users = Map.of();
                loadedSize = -1;
                return users;
            }
            if (attrs.size() != loadedSize || !attrs.lastModifiedTime().equals(loadedModified)
                    || !java.util.Objects.equals(attrs.fileKey(), loadedKey)) {
                users = parse(Files.readAllLines(file, StandardCharsets.UTF_8));
                loadedSize = attrs.size();
                loadedModified = attrs.lastModifiedTime();
                loadedKey = attrs.fileKey();
            }
            return users;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Applies an edit under an exclusive file lock (two admins at once cannot lose each other's
     * change) and replaces the file atomically.
     */
    void update(UnaryOperator<Map<String, User>> edit) throws IOException {
        Files.createDirectories(file.getParent());
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            Map<String, User> before = Files.exists(file)
                    ? parse(Files.readAllLines(file, StandardCharsets.UTF_8)) : new LinkedHashMap<>();
            Map<String, User> after = edit.apply(new LinkedHashMap<>(before));
            write(after);
        }
    }

    private void write(Map<String, User> users) throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        Base64.Encoder b64 = Base64.getEncoder();
        for (User u : users.values()) {
            Scram.StoredCredentials c = u.credentials();
            text.append(u.name()).append(':').append(b64.encodeToString(c.salt())).append(':').append(c.iterations())
                    .append(':').append(b64.encodeToString(c.storedKey())).append(':').append(b64.encodeToString(c.serverKey()))
                    .append(':').append(u.quotaBytes() == null ? "-" : u.quotaBytes().toString())
                    .append(':').append(u.readOnly() ? "ro" : "rw").append('\n');
        }
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            out.write(StandardCharsets.UTF_8.encode(text.toString()));
            out.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        Durability.syncDirectory(file.getParent());
    }

    static Map<String, User> parse(List<String> lines) throws IOException {
        Map<String, User> users = new LinkedHashMap<>();
        Base64.Decoder b64 = Base64.getDecoder();
        int number = 0;
        for (String line : lines) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(":", -1);
            try {
                if (f.length != 7) {
                    throw new IllegalArgumentException("expected 7 fields");
                }
                Scram.StoredCredentials creds = new Scram.StoredCredentials(
                        b64.decode(f[1]), Integer.parseInt(f[2]), b64.decode(f[3]), b64.decode(f[4]));
                Long quota = f[5].equals("-") ? null : Long.parseLong(f[5]);
                users.put(f[0], new User(f[0], creds, quota, f[6].equals("ro")));
            } catch (IllegalArgumentException e) {
                throw new IOException("users file, line " + number + ": malformed (" + e.getMessage() + ")");
            }
        }
        return users;
    }
}
