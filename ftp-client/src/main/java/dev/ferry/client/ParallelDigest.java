package dev.ferry.client;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * SHA-256 on its own thread, so a transfer's I/O and its hashing overlap. SHA-256 runs at
 * about 1.1 GB/s per core here (OpenSSL and the JDK intrinsic alike), which caps a transfer
 * that hashes on the I/O thread; with the hash on the other core a download is bounded by
 * the slower of the two instead of their sum (bench/RESULTS.md).
 *
 * <p>Buffers circulate: the I/O thread {@link #take}s a free one, fills it, uses it (writes it
 * to the socket or the file), then {@link #hash}es it; the hashing thread gives it back.
 * Memory stays at {@value #BUFFERS} x the chunk size. Files up to {@value #INLINE_UP_TO} bytes
 * are hashed on the calling thread with one buffer of their own size: for 4 KiB files a
 * thread and 1 MiB of buffers per file cost more than the hash.
 */
final class ParallelDigest implements AutoCloseable {
    private static final int BUFFERS = 4;
    static final long INLINE_UP_TO = 4L << 20;
    private static final byte[] END = new byte[0];

    private record Chunk(byte[] bytes, int length) {
    }

    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(BUFFERS + 1);
    private final MessageDigest digest = Uploader.sha256();
    private final Thread hasher; // null: inline
    private volatile String hex;

    /** For {@code bytes} to hash (a file's size) in chunks of at most {@code chunkSize}. */
    ParallelDigest(long bytes, int chunkSize) {
        boolean inline = bytes <= INLINE_UP_TO;
        int size = (int) Math.max(1, Math.min(chunkSize, bytes));
        for (int i = 0; i < (inline ? 1 : BUFFERS); i++) {
            free.add(new byte[size]);
        }
        hasher = inline ? null : Thread.ofPlatform().daemon().name("ferry-sha256").start(this::run);
    }

    private void run() {
        try {
            while (true) {
                Chunk chunk = full.take();
                if (chunk.bytes() == END) {
                    hex = HexFormat.of().formatHex(digest.digest());
                    return;
                }
                digest.update(chunk.bytes(), 0, chunk.length());
                free.put(chunk.bytes());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closed early: the transfer failed
        }
    }

    /** A free buffer (waits while all are queued for hashing). */
    byte[] take() throws InterruptedException {
        return free.take();
    }

    /** Queues the first {@code length} bytes of a buffer from {@link #take} for hashing. */
    void hash(byte[] buffer, int length) throws InterruptedException {
        if (hasher == null) {
            digest.update(buffer, 0, length);
            free.put(buffer);
            return;
        }
        full.put(new Chunk(buffer, length));
    }

    /** Hashes everything queued so far and returns the lowercase hex SHA-256. */
    String finish() throws InterruptedException {
        if (hasher == null) {
            return HexFormat.of().formatHex(digest.digest());
        }
        full.put(new Chunk(END, 0));
        hasher.join();
        return hex;
    }

    @Override
    public void close() {
        if (hasher != null) {
            hasher.interrupt();
        }
    }
}
