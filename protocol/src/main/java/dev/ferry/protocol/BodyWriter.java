package dev.ferry.protocol;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;

/**
 * Takes a received body's chunks to the file and then to the {@link ParallelDigest}, in order.
 *
 * <p>Inline, the receiving thread writes each chunk itself. In the background a thread of its
 * own writes them while the receiving thread reads the next one: a direct write
 * ({@link DirectWrites}) waits for the disk, 3-4 ms per 4 MiB chunk here. The client writes
 * its direct downloads so (1 GiB: 0.96-0.99 s against 1.05-1.12 inline); the server's
 * uploads measured no faster that way and are written inline (bench/RESULTS.md). Either way
 * a chunk is hashed after it is written, and its buffer goes back to the digest's pool only
 * after both.
 *
 * <p>A failed write is a {@link WriteFailure}, kept apart from a failed read (the connection).
 * In the background it is thrown by the next {@link #write} or by {@link #finish}; the chunks
 * after it are not written. {@link #close} waits for the chunks already queued to be written,
 * so that what arrived before a lost connection is in the file for a resume. The writing
 * thread is never interrupted: an interrupt inside a file write closes the file's channel.
 */
public final class BodyWriter implements AutoCloseable {
    private static final Piece END = new Piece(null, -1);
    private static final Piece DRAIN = new Piece(null, -2);
    private static final int QUEUE = 8; // > the digest's buffers: the I/O thread waits for a free buffer, never here

    /** A write of the body's file failed: the local disk, not the connection. */
    public static final class WriteFailure extends IOException {
        WriteFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }

        /** The file system's own error. */
        public IOException disk() {
            return (IOException) getCause();
        }
    }

    private record Piece(ByteBuffer chunk, long position) {
    }

    private final ChunkSink sink;
    private final ParallelDigest digest;
    private final Thread writer; // null: inline
    private final BlockingQueue<Piece> queue;
    private final Semaphore drained = new Semaphore(0);
    private volatile IOException failure;

    private BodyWriter(ChunkSink sink, ParallelDigest digest, ThreadFactory threads) {
        this.sink = sink;
        this.digest = digest;
        if (threads == null) {
            queue = null;
            writer = null;
        } else {
            queue = new ArrayBlockingQueue<>(QUEUE);
            writer = threads.newThread(this::run);
            writer.start();
        }
    }

    /** Writes on the calling thread. */
    public static BodyWriter inline(ChunkSink sink, ParallelDigest digest) {
        return new BodyWriter(sink, digest, null);
    }

    /** Writes on a thread from {@code threads}; the digest must hash on a thread of its own too (a large body). */
    public static BodyWriter background(ChunkSink sink, ParallelDigest digest, ThreadFactory threads) {
        return new BodyWriter(sink, digest, threads);
    }

    /** A free chunk from the digest's buffers, for {@link #write} (waits while all are in use). */
    public ByteBuffer take() throws InterruptedIOException {
        return digest.take();
    }

    /**
     * Writes the chunk's remaining bytes at {@code position}, then hashes them; in the
     * background, queues that. The chunk is one from {@link #take}.
     */
    public void write(ByteBuffer chunk, long position) throws IOException {
        throwIfFailed();
        if (writer == null) {
            writeThenHash(chunk, position);
            throwIfFailed();
        } else {
            put(new Piece(chunk, position));
        }
    }

    /**
     * Writes the chunk unless an earlier write failed (a failure is kept, not thrown), then
     * hands it to the digest, which gives its buffer back once hashed.
     */
    private void writeThenHash(ByteBuffer chunk, long position) throws InterruptedIOException {
        int length = chunk.remaining();
        if (failure == null) {
            try {
                sink.write(chunk, position);
            } catch (IOException e) {
                failure = e;
            }
        }
        digest.hash(chunk, length);
    }

    /** Returns once every chunk given so far is written (and queued for hashing). */
    public void finish() throws IOException {
        throwIfFailed();
        if (writer != null) {
            put(DRAIN);
            try {
                drained.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the body was written");
            }
        }
        throwIfFailed();
    }

    /**
     * Writes what part of a chunk arrived before the connection failed, after the chunks
     * queued before it, on the calling thread; the chunk is not hashed (the body is over).
     */
    public long salvage(ByteBuffer chunk, long position) throws IOException {
        finish();
        return sink.write(chunk, position);
    }

    private void throwIfFailed() throws WriteFailure {
        IOException failed = failure;
        if (failed != null) {
            throw new WriteFailure(failed);
        }
    }

    private void put(Piece piece) throws InterruptedIOException {
        try {
            queue.put(piece);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the body was written");
        }
    }

    private void run() {
        try {
            writeQueued();
        } catch (Throwable e) {
            if (failure == null) {
                failure = new IOException("the body's file could not be written: " + e, e);
            }
            throw e;
        } finally {
            drained.release(QUEUE); // a thread that died must not leave finish() waiting
        }
    }

    private void writeQueued() {
        while (true) {
            Piece next = takeIgnoringInterrupts();
            if (next == END) {
                return;
            }
            if (next == DRAIN) {
                drained.release();
                continue;
            }
            try {
                writeThenHash(next.chunk(), next.position());
            } catch (InterruptedIOException e) {
                Thread.interrupted(); // nothing interrupts this thread; a stray interrupt must not reach a write
            }
        }
    }

    /** Nothing should interrupt this thread; one that does is dropped, never left set for the next write. */
    private Piece takeIgnoringInterrupts() {
        while (true) {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                // dropped: see above
            }
        }
    }

    /** Waits for the queued chunks to be written and stops the writing thread; never interrupts it. */
    @Override
    public void close() {
        if (writer == null) {
            return;
        }
        Uninterruptibly.put(queue, END);
        Uninterruptibly.join(writer);
    }
}
