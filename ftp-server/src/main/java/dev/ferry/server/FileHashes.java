package dev.ferry.server;

import dev.ferry.protocol.ParallelDigest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Whole-file SHA-256 hashes. Stored at commit in an extended attribute of the file itself
 * ({@code user.ferry.sha256}), so the hash travels with the inode through the atomic rename
 * and can never describe other bytes; the attribute also records size and mtime, and is
 * trusted only while both still match. Files that arrived by other means are hashed once and
 * remembered (attribute when the file system has them, else a bounded in-memory cache).
 * Files under {@value #ATTRIBUTE_FROM} bytes get no attribute: hashing one again costs less
 * than the attribute's write at commit and read at download (three syscalls each), so they
 * live in the memory cache only.
 */
final class FileHashes {
    private static final String ATTRIBUTE = "ferry.sha256";
    private static final int MEMORY_ENTRIES = 10_000;
    /**
     * 16 KiB hash in ~12 us here (C2, SHA instructions); the attribute's open, fsetxattr and
     * close were 3 of the ~38 syscalls of a 4 KiB upload, fgetxattr's 3 more at its download.
     */
    static final long ATTRIBUTE_FROM = 16 * 1024;
    private static final int CHUNK = 256 * 1024; // x 4 in flight: the 1 MiB one buffer used to take
    /** Hashing threads for bodies over 4 MiB: virtual, like the connections that start them. */
    static final ThreadFactory HASHERS = Thread.ofVirtual().name("ferry-sha256").factory();

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, String> memory = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MEMORY_ENTRIES;
        }
    };
    private volatile boolean attributesWork = true;

    /** The hash when known and still valid for these attributes, else null. */
    String known(Path file, BasicFileAttributes attributes) {
        String stamp = stamp(attributes);
        String fromAttribute = attributes.size() < ATTRIBUTE_FROM ? null : readAttribute(file);
        if (fromAttribute != null && fromAttribute.endsWith(" " + stamp)) {
            return fromAttribute.substring(0, 64);
        }
        lock.lock();
        try {
            return memory.get(memoryKey(attributes));
        } finally {
            lock.unlock();
        }
    }

    /** Records a hash for the file as these attributes describe it. */
    void remember(Path file, BasicFileAttributes attributes, String sha256) {
        lock.lock();
        try {
            memory.put(memoryKey(attributes), sha256);
        } finally {
            lock.unlock();
        }
        if (attributes.size() >= ATTRIBUTE_FROM) {
            writeAttribute(file, sha256 + " " + stamp(attributes));
        }
    }

    /** Stores the hash on a partial file just before it is published (size and mtime final). */
    void attach(Path partial, String sha256) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(partial, BasicFileAttributes.class, UserHome.NOFOLLOW);
        remember(partial, attributes, sha256);
    }

    /** Hashes {@code size} bytes of an open file by positional reads. */
    static String compute(FileChannel channel, long size) throws IOException {
        try (ParallelDigest digest = new ParallelDigest(size, CHUNK, HASHERS)) {
            digest.hashPrefix(channel, size);
            return digest.finish();
        }
    }

    private static String stamp(BasicFileAttributes attributes) {
        return attributes.size() + " " + attributes.lastModifiedTime().toInstant();
    }

    private static String memoryKey(BasicFileAttributes attributes) {
        return attributes.fileKey() + " " + stamp(attributes);
    }

    private String readAttribute(Path file) {
        if (!attributesWork) {
            return null;
        }
        try {
            UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class, UserHome.NOFOLLOW);
            if (view == null) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.allocate(160);
            view.read(ATTRIBUTE, buffer);
            buffer.flip();
            return StandardCharsets.US_ASCII.decode(buffer).toString();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null; // no attribute (the common case for files that arrived by other means)
        }
    }

    private void writeAttribute(Path file, String value) {
        if (!attributesWork) {
            return;
        }
        try {
            UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class, UserHome.NOFOLLOW);
            if (view == null) {
                attributesWork = false;
                return;
            }
            view.write(ATTRIBUTE, StandardCharsets.US_ASCII.encode(value));
        } catch (IOException | UnsupportedOperationException e) {
            String reason = String.valueOf(e.getMessage());
            if (reason.contains("not supported") || e instanceof UnsupportedOperationException) {
                attributesWork = false; // this file system has no user xattrs: the memory cache serves
            }
        }
    }
}
