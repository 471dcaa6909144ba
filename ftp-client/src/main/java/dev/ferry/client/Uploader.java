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

    /** @return bytes actually sent */
    long upload(FerrySession session, Path local, String remote) throws ClientFailure {
        try {
            return attempt(session, local, remote, resume);
        } catch (ClientFailure e) {
            if (resume && e.is(ErrorCode.CHECKSUM_MISMATCH)) {
                return attempt(session, local, remote, false); // the server's partial was of other bytes
            }
            throw e;
        }
    }

    private long attempt(FerrySession session, Path local, String remote, boolean resumeThis) throws ClientFailure {
        try (FileChannel file = FileChannel.open(local, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
             ParallelDigest digest = new ParallelDigest(file.size(), CHUNK, HASHERS)) {
            BasicFileAttributes attributes = Files.readAttributes(local, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            long size = file.size();
            Response.UploadOk ok;
            try {
                ok = session.startUpload(new Request.Upload(remote, size, overwrite, resumeThis,
                        attributes.lastModifiedTime().toInstant()));
            } catch (ProtocolException e) {
                throw ClientFailure.fromServer(remote, e);
            }
            long offset = ok.offset();
            if (offset > size) {
                throw new ClientFailure(ExitCode.OTHER, remote + ": the server asked to resume at " + offset
                        + ", past the end of the " + size + "-byte file; not sending");
            }
            progress.fileStarted(remote, size, offset);
            try {
                digest.hashPrefix(file, offset); // the part the server kept counts toward the hash
            } catch (EOFException e) {
                throw shrank(remote);
            }
            long sent = stream(file, offset, size, digest, session.body(), remote);
            String hash = digest.finish();
            Response.CommitOk committed;
            try {
                committed = session.commit(hash);
            } catch (ProtocolException e) {
                progress.fileEnded(remote, false);
                throw ClientFailure.fromServer(remote, e);
            }
            if (!committed.sha256().equals(hash) || committed.size() != size) {
                progress.fileEnded(remote, false);
                throw new ClientFailure(ExitCode.CHECKSUM, remote + ": the server stored other bytes than were sent "
                        + "(sha256 " + committed.sha256() + ", expected " + hash + ")");
            }
            progress.fileEnded(remote, true);
            return sent;
        } catch (IOException e) {
            progress.fileEnded(remote, false);
            if (e instanceof java.nio.file.NoSuchFileException) {
                throw new ClientFailure(ExitCode.NOT_FOUND, local + ": no such local file");
            }
            throw FerrySession.lost(session.target(), e);
        }
    }

    /** Reads {@code from..to} of the file in chunks, sends each to {@code out} and queues it for hashing. */
    private long stream(FileChannel file, long from, long to, ParallelDigest digest, OutputStream out, String remote)
            throws IOException, ClientFailure {
        long position = from;
        while (position < to) {
            byte[] buffer = digest.take();
            ByteBuffer wrapped = ByteBuffer.wrap(buffer, 0, (int) Math.min(buffer.length, to - position));
            int n = file.read(wrapped, position);
            if (n < 0) {
                throw shrank(remote);
            }
            out.write(buffer, 0, n);
            progress.advanced(remote, n);
            digest.hash(buffer, n);
            position += n;
        }
        return to - from;
    }

    private static ClientFailure shrank(String remote) {
        return new ClientFailure(ExitCode.OTHER, remote + ": the local file shrank while it was uploaded; run again", null, true);
    }
}
