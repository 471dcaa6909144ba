package dev.ferry.client;

import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.ParallelDigest;
import dev.ferry.protocol.ProtocolException;
import dev.ferry.protocol.Request;
import dev.ferry.protocol.Response;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadFactory;

/**
 * Uploads one local file: asks the server where to start (it keeps what an interrupted
 * upload sent), hashes the whole local file while streaming the missing part in bounded
 * chunks, and commits with the SHA-256. A resumed upload whose local file changed since is
 * a checksum mismatch at commit: it starts over once from byte 0.
 */
final class Uploader {
    private static final int CHUNK = 256 * 1024;
    /**
     * Bodies from this size go out with sendfile, hashed on a thread of their own from the page
     * cache; smaller ones through a buffer, hashed as they go (one thread start and one direct
     * buffer per file would cost more than the copies they save).
     */
    static final long SENDFILE_FROM = 4L << 20;
    /**
     * Platform threads: a virtual one cost the client 0.3-0.5 s more CPU per GiB (A/B, 4 runs
     * each way), the hand-offs going through the carrier pool in code C2 does not compile.
     */
    static final ThreadFactory HASHERS = Thread.ofPlatform().daemon().name("ferry-sha256").factory();

    private final boolean overwrite;
    private final boolean resume;
    private final Progress progress;

    Uploader(boolean overwrite, boolean resume, Progress progress) {
        this.overwrite = overwrite;
        this.resume = resume;
        this.progress = progress;
    }

    /**
     * Reads the local file's size and time and writes the upload request; the answer (where
     * to start) is read later, and nothing else may be written before it.
     */
    Exchange start(FerrySession session, UploadCommand.Task task) throws ClientFailure {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(task.local(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ClientFailure(ExitCode.NOT_FOUND, task.local() + ": no such local file");
        } catch (IOException e) {
            throw new ClientFailure(ExitCode.OTHER, task.local() + ": cannot read: " + e.getMessage());
        }
        if (!attributes.isRegularFile()) {
            throw new ClientFailure(ExitCode.OTHER, task.local() + " is not a regular file (links are not followed); not sent");
        }
        boolean resumeThis = resume && !task.startOver();
        try {
            session.requestUpload(new Request.Upload(task.remote(), attributes.size(), overwrite, resumeThis,
                    attributes.lastModifiedTime().toInstant()));
        } catch (IOException e) {
            throw FerrySession.lost(session.target(), e);
        }
        return new Offered(task, attributes.size(), resumeThis);
    }

    /** An upload request on the wire: its answer says where the body starts. */
    private final class Offered implements Exchange {
        private final UploadCommand.Task task;
        private final long size;
        private final boolean resumed;

        Offered(UploadCommand.Task task, long size, boolean resumed) {
            this.task = task;
            this.size = size;
            this.resumed = resumed;
        }

        @Override
        public UploadCommand.Task task() {
            return task;
        }

        @Override
        public boolean holdsWire() {
            return true;
        }

        /** Sends the missing part of the body and the commit; the commit's answer is awaited later. */
        @Override
        public Step receive(FerrySession session) throws ClientFailure {
            String remote = task.remote();
            Response.UploadOk ok;
            try {
                ok = session.uploadAnswer();
            } catch (ProtocolException e) {
                throw ClientFailure.fromServer(remote, e);
            } catch (IOException e) {
                throw FerrySession.lost(session.target(), e);
            }
            long offset = ok.offset();
            if (offset > size) {
                // The server now waits for bytes we will not send: this connection is out of step.
                throw new ClientFailure(ExitCode.OTHER, remote + ": the server asked to resume at " + offset
                        + ", past the end of the " + size + "-byte file; not sending", null, true);
            }
            FileChannel opened;
            try {
                opened = FileChannel.open(task.local(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                // The server now waits for the body: this connection cannot go on.
                throw new ClientFailure(ExitCode.OTHER, task.local() + ": cannot read: " + e.getMessage(), e, true);
            }
            String hash = size - offset >= SENDFILE_FROM && session.onChannel()
                    ? sendWithSendfile(session, opened, offset)
                    : sendBuffered(session, opened, offset);
            try {
                session.requestCommit(hash);
            } catch (IOException e) {
                progress.fileEnded(remote, false);
                throw FerrySession.lost(session.target(), e);
            }
            return new Step.Await(new Committing(task, size, hash, size - offset, resumed));
        }

        /** The body through a buffer, hashed as it goes; returns the whole file's hash. */
        private String sendBuffered(FerrySession session, FileChannel opened, long offset) throws ClientFailure {
            String remote = task.remote();
            try (FileChannel file = opened;
                 ParallelDigest digest = new ParallelDigest(size, CHUNK, HASHERS, Hashing.engineFor(size))) {
                progress.fileStarted(remote, size, offset);
                try {
                    digest.hashPrefix(file, offset); // the part the server kept counts toward the hash
                } catch (EOFException e) {
                    throw shrank(remote);
                }
                stream(file, offset, size, digest, session.body(), remote);
                return digest.finish();
            } catch (IOException e) {
                progress.fileEnded(remote, false);
                throw FerrySession.lost(session.target(), e);
            } catch (ClientFailure e) {
                progress.fileEnded(remote, false);
                throw e;
            }
        }

        /**
         * The body with sendfile, the whole file hashed meanwhile on a thread of its own (both
         * read the page cache; no byte passes through the heap); returns the hash. A file changed
         * meanwhile is a checksum mismatch at commit, as with the buffered path.
         */
        private String sendWithSendfile(FerrySession session, FileChannel opened, long offset) throws ClientFailure {
            String remote = task.remote();
            try (FileChannel file = opened) {
                progress.fileStarted(remote, size, offset);
                FileSha256 hashing = new FileSha256(file, size, Hashing.engineFor(size));
                FutureTask<String> hash = new FutureTask<>(hashing::compute);
                HASHERS.newThread(hash).start();
                try {
                    session.sendFile(file, offset, size - offset, n -> progress.advanced(remote, n));
                } catch (IOException e) {
                    hashing.cancel();
                    progress.fileEnded(remote, false);
                    throw e instanceof EOFException ? shrank(remote) : FerrySession.lost(session.target(), e);
                }
                try {
                    return hash.get();
                } catch (ExecutionException e) {
                    progress.fileEnded(remote, false);
                    if (e.getCause() instanceof EOFException) {
                        throw shrank(remote);
                    }
                    // The body went out whole; only our hash failed. The commit cannot be sent,
                    // so the connection is closed all the same.
                    throw new ClientFailure(ExitCode.OTHER, task.local() + ": cannot read: " + e.getCause().getMessage(),
                            e.getCause(), true);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    hashing.cancel();
                    progress.fileEnded(remote, false);
                    throw new ClientFailure(ExitCode.OTHER, remote + ": interrupted", e, true);
                }
            } catch (IOException e) { // closing the file
                progress.fileEnded(remote, false);
                throw FerrySession.lost(session.target(), e);
            }
        }
    }

    /** A commit on the wire: its answer says whether the file is stored, durably, with our hash. */
    private final class Committing implements Exchange {
        private final UploadCommand.Task task;
        private final long size;
        private final String hash;
        private final long sent;
        private final boolean resumed;

        Committing(UploadCommand.Task task, long size, String hash, long sent, boolean resumed) {
            this.task = task;
            this.size = size;
            this.hash = hash;
            this.sent = sent;
            this.resumed = resumed;
        }

        @Override
        public UploadCommand.Task task() {
            return task;
        }

        @Override
        public Step receive(FerrySession session) throws ClientFailure {
            String remote = task.remote();
            Response.CommitOk committed;
            try {
                committed = session.commitAnswer();
            } catch (ProtocolException e) {
                progress.fileEnded(remote, false);
                if (resumed && e.code() == ErrorCode.CHECKSUM_MISMATCH) {
                    return new Step.Again(task.fromTheStart()); // the server's partial was of other bytes
                }
                throw ClientFailure.fromServer(remote, e);
            } catch (IOException e) {
                progress.fileEnded(remote, false);
                throw FerrySession.lost(session.target(), e);
            }
            if (!committed.sha256().equals(hash) || committed.size() != size) {
                progress.fileEnded(remote, false);
                throw new ClientFailure(ExitCode.CHECKSUM, remote + ": the server stored other bytes than were sent "
                        + "(sha256 " + committed.sha256() + ", expected " + hash + ")");
            }
            progress.fileEnded(remote, true);
            return new Step.Done(sent);
        }
    }

    /** Reads {@code from..to} of the file in chunks, sends each to {@code out} and queues it for hashing. */
    private void stream(FileChannel file, long from, long to, ParallelDigest digest, OutputStream out, String remote)
            throws IOException, ClientFailure {
        long position = from;
        while (position < to) {
            ByteBuffer chunk = digest.take();
            chunk.limit((int) Math.min(chunk.limit(), to - position));
            int n = file.read(chunk, position);
            if (n < 0) {
                throw shrank(remote);
            }
            out.write(chunk.array(), 0, n);
            progress.advanced(remote, n);
            digest.hash(chunk, n);
            position += n;
        }
    }

    private static ClientFailure shrank(String remote) {
        return new ClientFailure(ExitCode.OTHER, remote + ": the local file shrank while it was uploaded; run again", null, true);
    }
}
