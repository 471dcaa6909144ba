package dev.ferry.server;

import dev.ferry.protocol.ParallelDigest;
import dev.ferry.protocol.RemotePath;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where upload bytes live until their commit: {@code partials/USER/PATHHASH-SIZE.part},
 * outside every home, so no user ever sees a half-written file. A partial is keyed by user,
 * path and declared size, which is what a resume must match. Also holds the per-path upload
 * locks (a second live upload of one path gets LOCKED).
 *
 * <p>Partials of another size are found by listing the user's partials directory, which cost
 * 9 of a small upload's ~38 syscalls and ~6% of the server's CPU for 2,000 small uploads.
 * The listing is needed only for a path that may have such a partial: one whose last upload
 * was not published ({@link #leftBehind}), or that the sweep found on disk. Those paths are
 * remembered in memory; every sweep (at start-up, before the first connection, and every
 * 10 minutes) adds what it finds and forgets what is gone.
 */
final class PartialUploads {
    private static final String SUFFIX = ".part";
    private static final Set<StandardOpenOption> FOR_WRITING =
            Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);

    private final Path root;
    private final Duration expiry;
    private final Map<String, Thread> locks = new ConcurrentHashMap<>();
    /** Lock keys of the paths that may have a partial on disk besides a live upload's. */
    private final Set<String> leftovers = ConcurrentHashMap.newKeySet();
    /** Looked up once: Files.getFileStore re-reads the mount table on every call. */
    private final FileStore store;

    PartialUploads(Path root, Duration expiry) throws IOException {
        this.root = root;
        this.expiry = expiry;
        this.store = Files.getFileStore(root);
    }

    /** Bytes free for partial uploads (homes live on the same file system: publishing is a rename). */
    long usableSpace() throws IOException {
        return store.getUsableSpace();
    }

    /** Where the partial of this upload is; its directory may not exist yet ({@link #open} makes it). */
    Path partialFor(String user, RemotePath path, long size) {
        return root.resolve(user).resolve(prefix(path) + size + SUFFIX);
    }

    /**
     * Opens a partial for writing, creating it, and the user's partials directory when this is
     * their first upload. Creating the directory only when the open finds it missing saves a
     * {@code statx} on every other upload.
     */
    static FileChannel open(Path partial) throws IOException {
        try {
            return FileChannel.open(partial, FOR_WRITING);
        } catch (NoSuchFileException e) {
            Files.createDirectories(partial.getParent());
            return FileChannel.open(partial, FOR_WRITING);
        }
    }

    private static String prefix(RemotePath path) {
        byte[] hash = ParallelDigest.sha256().digest(path.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(hash, 0, 16) + "-";
    }

    /**
     * Deletes the partials of the same user and path as {@code keep} (from {@link #partialFor})
     * other than itself: a resume with another size starts over. Lists the directory only
     * when such a partial may exist.
     */
    void discardOthers(Path keep) throws IOException {
        String key = keyOf(keep);
        if (!leftovers.remove(key)) {
            return;
        }
        try {
            deleteOthers(keep);
        } catch (IOException e) {
            leftovers.add(key);
            throw e;
        }
    }

    /** Records that an upload of this path ended without publishing: its partial may be on disk. */
    void leftBehind(String user, RemotePath path) {
        leftovers.add(lockKey(user, path));
    }

    private static void deleteOthers(Path keep) throws IOException {
        String name = keep.getFileName().toString();
        String samePath = pathPart(name);
        // A plain filter, not a glob: a glob compiles a regular expression on every upload.
        DirectoryStream.Filter<Path> others = p -> {
            String other = p.getFileName().toString();
            return other.startsWith(samePath) && other.endsWith(SUFFIX) && !other.equals(name);
        };
        try (DirectoryStream<Path> partials = Files.newDirectoryStream(keep.getParent(), others)) {
            for (Path partial : partials) {
                Files.deleteIfExists(partial);
            }
        } catch (NoSuchFileException noDirectoryYet) {
            // the user's first upload: nothing to discard
        }
    }

    /**
     * How many bytes a partial holds, 0 when there is none. The partials directory is the
     * server's own, never reachable by a user, so links need no special care here, and the
     * JDK answers a missing file without an exception only when it follows links.
     */
    static long keptBytes(Path partial) throws IOException {
        BasicFileAttributes kept = partial.getFileSystem().provider().readAttributesIfExists(partial, BasicFileAttributes.class);
        return kept == null ? 0 : kept.size();
    }

    /** Bytes held in a user's partials: they count against the quota. */
    long bytesOf(String user) throws IOException {
        Path dir = root.resolve(user);
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long total = 0;
        try (DirectoryStream<Path> partials = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path partial : partials) {
                try {
                    total += Files.size(partial);
                } catch (NoSuchFileException gone) {
                    // committed or swept meanwhile
                }
            }
        }
        return total;
    }

    /**
     * Deletes partials older than the expiry, stray temporary files, and partials that are
     * also a published file (a crash between the commit's link and unlink).
     *
     * @return how many were deleted
     */
    int sweep() throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        Instant oldest = Instant.now().minus(expiry);
        int deleted = 0;
        Set<String> onDisk = new HashSet<>();
        try (DirectoryStream<Path> users = Files.newDirectoryStream(root)) {
            for (Path userDir : users) {
                if (!Files.isDirectory(userDir, UserHome.NOFOLLOW)) {
                    continue;
                }
                try (DirectoryStream<Path> partials = Files.newDirectoryStream(userDir)) {
                    for (Path partial : partials) {
                        if (locks.containsKey(keyOf(partial))) { // being written
                            continue;
                        }
                        BasicFileAttributes a = Files.readAttributes(partial, BasicFileAttributes.class, UserHome.NOFOLLOW);
                        int links = (Integer) Files.getAttribute(partial, "unix:nlink", UserHome.NOFOLLOW);
                        if (a.lastModifiedTime().toInstant().isBefore(oldest) || links > 1
                                || !partial.getFileName().toString().endsWith(SUFFIX)) {
                            Files.deleteIfExists(partial);
                            deleted++;
                        } else {
                            onDisk.add(keyOf(partial));
                        }
                    }
                }
            }
        }
        // A key added by an upload that ended after the listing and dropped here comes back at the next sweep.
        leftovers.removeIf(key -> !onDisk.contains(key) && !locks.containsKey(key));
        leftovers.addAll(onDisk);
        return deleted;
    }

    /** Takes the upload lock of one path for the calling thread; false when another upload holds it. */
    boolean tryLock(String user, RemotePath path) {
        return locks.putIfAbsent(lockKey(user, path), Thread.currentThread()) == null;
    }

    void unlock(String user, RemotePath path) {
        locks.remove(lockKey(user, path), Thread.currentThread());
    }

    private static String lockKey(String user, RemotePath path) {
        return user + "\0" + prefix(path);
    }

    /** The lock key of the path a partial belongs to: its user's directory and its name up to the size. */
    private static String keyOf(Path partial) {
        String name = partial.getFileName().toString();
        return partial.getParent().getFileName() + "\0" + pathPart(name);
    }

    /** A partial's name up to its size: the part that names the path ({@link #prefix}). */
    private static String pathPart(String partialName) {
        return partialName.substring(0, partialName.indexOf('-') + 1);
    }
}
