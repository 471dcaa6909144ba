package dev.ferry.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;

/**
 * The SHA-256 of a body, computed on a thread of its own so that moving the bytes and
 * hashing them overlap. SHA-256 runs at about 1.05 GB/s per core here (OpenSSL and the JDK
 * intrinsic alike): hashing on the thread that moves the bytes makes a transfer as slow as
 * the two costs added, on two threads as slow as the larger (bench/RESULTS.md).
 *
 * <p>Buffers circulate: the I/O thread {@link #take}s a free one, fills it, uses it (writes it
 * to the socket or the file), then {@link #hash}es it; the hashing thread gives it back.
 * Memory stays at {@value #BUFFERS} x the chunk size. Bodies up to {@value #INLINE_UP_TO}
 * bytes are hashed on the calling thread with one buffer of their own size: for 4 KiB files
 * a thread and 1 MiB of buffers per file cost more than the hash. The buffers come from a
 * {@link ChunkBuffers} and go back to it on {@link #close}.
 */
public final class ParallelDigest implements AutoCloseable {
    private static final int BUFFERS = 4;
    static final long INLINE_UP_TO = 4L << 20;
    private static final ByteBuffer END = ByteBuffer.allocate(0);

    private record Chunk(ByteBuffer buffer, int length) {
    }

    private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(BUFFERS);
    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(BUFFERS + 1);
    private final ChunkBuffers source;
    private final int chunk;
    private final Sha256 digest;
    private final Thread hasher; // null: inline
    private volatile String hex;

    /**
     * For {@code bytes} to hash (a body's size) in chunks of at most {@code chunkSize} heap
     * bytes, on a thread from {@code hashers} when the body is large, with the JDK's SHA-256.
     */
    public ParallelDigest(long bytes, int chunkSize, ThreadFactory hashers) {
        this(bytes, chunkSize, hashers, Sha256::jdk, ChunkBuffers.HEAP);
    }

    /** The same with another SHA-256 {@code engine}. */
    public ParallelDigest(long bytes, int chunkSize, ThreadFactory hashers, Sha256.Engine engine) {
        this(bytes, chunkSize, hashers, engine, ChunkBuffers.HEAP);
    }

    /** The same with the buffers from {@code source}. */
    public ParallelDigest(long bytes, int chunkSize, ThreadFactory hashers, Sha256.Engine engine, ChunkBuffers source) {
        boolean inline = bytes <= INLINE_UP_TO;
        this.source = source;
        this.chunk = (int) Math.max(1, Math.min(chunkSize, bytes));
        for (int i = 0; i < (inline ? 1 : BUFFERS); i++) {
            free.add(source.take(chunk));
        }
        digest = engine.get();
        if (inline) {
            hasher = null;
        } else {
            hasher = hashers.newThread(this::run);
            hasher.start();
        }
    }

    /**
     * A new SHA-256 digest (every JDK has one), cloned from a first one: the provider lookup
     * of {@code MessageDigest.getInstance} was ~1% of a fresh client's CPU for 2,000 small
     * files, once per file.
     */
    public static MessageDigest sha256() {
        try {
            return (MessageDigest) Sha256Prototype.DIGEST.clone();
        } catch (CloneNotSupportedException e) {
            return newSha256();
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Holds the first digest; initialised on the first {@link #sha256()} call. */
    private static final class Sha256Prototype {
        static final MessageDigest DIGEST = newSha256();
    }

    private void run() {
        try {
            while (true) {
                Chunk next = full.take();
                if (next.buffer() == END) {
                    hex = HexFormat.of().formatHex(digest.digest());
                    return;
                }
                update(next.buffer(), next.length());
                free.put(next.buffer());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closed early: the transfer failed
        }
    }

    private void update(ByteBuffer buffer, int length) {
        digest.update(buffer.clear().limit(length));
    }

    /**
     * A free buffer, cleared, its limit at the chunk size (waits while all are queued for
     * hashing). A heap one when the source is {@link ChunkBuffers#HEAP}.
     */
    public ByteBuffer take() throws InterruptedIOException {
        try {
            return free.take().clear().limit(chunk);
        } catch (InterruptedException e) {
            throw interrupted();
        }
    }

    /** Queues the first {@code length} bytes of a buffer from {@link #take} for hashing. */
    public void hash(ByteBuffer buffer, int length) throws InterruptedIOException {
        try {
            if (hasher == null) {
                update(buffer, length);
                free.put(buffer);
                return;
            }
            full.put(new Chunk(buffer, length));
        } catch (InterruptedException e) {
            throw interrupted();
        }
    }

    /** Hashes the first {@code length} bytes of a file (what a resumed transfer already has). */
    public void hashPrefix(FileChannel file, long length) throws IOException {
        long position = 0;
        while (position < length) {
            ByteBuffer buffer = take();
            buffer.limit((int) Math.min(buffer.limit(), length - position));
            int n = file.read(buffer, position);
            if (n < 0) {
                throw new EOFException("the file shrank while it was hashed");
            }
            hash(buffer, n);
            position += n;
        }
    }

    /** Hashes everything queued so far and returns the lowercase hex SHA-256. */
    public String finish() throws InterruptedIOException {
        if (hasher == null) {
            return HexFormat.of().formatHex(digest.digest());
        }
        try {
            full.put(new Chunk(END, 0));
            hasher.join();
        } catch (InterruptedException e) {
            throw interrupted();
        }
        return hex;
    }

    private static InterruptedIOException interrupted() {
        Thread.currentThread().interrupt();
        return new InterruptedIOException("interrupted while hashing");
    }

    /**
     * Stops the hashing thread, then releases the engine and gives the buffers back once that
     * thread cannot touch them any more. A buffer the caller took and never queued is not given
     * back: the caller may still hold it.
     */
    @Override
    public void close() {
        if (hasher != null) {
            hasher.interrupt();
            try {
                hasher.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // still in use: leave engine and buffers to the heap rather than free them under the thread
            }
        }
        digest.close();
        for (Chunk queued; (queued = full.poll()) != null; ) {
            if (queued.buffer() != END) {
                source.give(queued.buffer());
            }
        }
        for (ByteBuffer buffer; (buffer = free.poll()) != null; ) {
            source.give(buffer);
        }
    }
}
