package dev.ferry.server;

import dev.ferry.protocol.BodyWriter;
import dev.ferry.protocol.ChunkBuffers;
import dev.ferry.protocol.DirectBufferPool;
import dev.ferry.protocol.DirectWrites;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Header;
import dev.ferry.protocol.ParallelDigest;
import dev.ferry.protocol.ProtocolException;
import dev.ferry.protocol.RemotePath;
import dev.ferry.protocol.Request;
import dev.ferry.protocol.Response;
import dev.ferry.protocol.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * One upload, from the {@code upload} request to the {@code commit} answer (PROTOCOL.md §3):
 * checks before any byte flows, bytes into a partial outside the home while another thread
 * hashes them, then verify, force, publish atomically, sync the directory, answer.
 */
final class UploadReceiver {
    /**
     * 4 of these per upload over 4 MiB. 256 KiB took 50 concurrent 10 MiB uploads (bench D)
     * to 223-270 MiB server RSS against 141 before the hash had its own thread; 128 KiB: 153
     * MiB, at the same speed (raw sender, 4 runs each); 64 KiB was ~8% slower.
     */
    private static final int BUFFER = 128 * 1024;
    /**
     * Direct chunks for bodies on plain TCP: read from the channel and written to the file
     * with no copy in the JDK. With heap arrays each byte was copied twice more, through the
     * JDK's temporary direct buffers (bench/RESULTS.md). 64 kept free: 8 MiB.
     */
    private static final DirectBufferPool DIRECT_CHUNKS = new DirectBufferPool(BUFFER, 64);
    private static final long LOCKED_RETRY_SECONDS = 5;

    /** How an upload ended, for the transfer log. */
    record Outcome(long offset, long received, String sha256) {
    }

    /** Thrown when the connection must close after the error was answered (a body was in flight). */
    static final class BodyFailure extends Exception {
        final ProtocolException answer;

        BodyFailure(ProtocolException answer) {
            super(answer.getMessage(), null, false, false);
            this.answer = answer;
        }
    }

    private final UserHome home;
    private final User user;
    private final PartialUploads partials;
    private final FileHashes hashes;
    private final FileOperations operations;
    private final Limits limits;

    UploadReceiver(UserHome home, User user, PartialUploads partials, FileHashes hashes, FileOperations operations, Limits limits) {
        this.home = home;
        this.user = user;
        this.partials = partials;
        this.hashes = hashes;
        this.operations = operations;
        this.limits = limits;
    }

    /**
     * Runs the upload. ProtocolException: answered, session goes on. BodyFailure: answered,
     * connection closes. IOException: the connection failed; the partial is kept for resume.
     * Returns null when the connection ended before the commit (partial kept).
     */
    Outcome receive(Wire wire, Request.Upload request) throws ProtocolException, BodyFailure, IOException {
        RemotePath path = RemotePath.parse(request.path());
        checkTarget(path, request.overwrite());
        if (!partials.tryLock(user.name(), path)) {
            throw ProtocolException.retryAfter(ErrorCode.LOCKED, "another upload of \"" + path + "\" is in progress",
                    LOCKED_RETRY_SECONDS);
        }
        Outcome outcome = null;
        try {
            outcome = receiveLocked(wire, request, path);
            return outcome;
        } finally {
            if (outcome == null) {
                partials.leftBehind(user.name(), path); // perhaps deleted, perhaps kept for a resume
            }
            partials.unlock(user.name(), path);
        }
    }

    private void checkTarget(RemotePath path, boolean overwrite) throws ProtocolException {
        if (user.readOnly()) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "this account is read-only");
        }
        if (path.isHome()) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "cannot upload onto the home directory itself");
        }
        UserHome.Target target = home.inspect(path);
        if (target.isDirectory()) {
            throw new ProtocolException(ErrorCode.IS_A_DIRECTORY, "\"" + path + "\" is a directory");
        }
        if (target.isFile() && !overwrite) {
            throw new ProtocolException(ErrorCode.EXISTS, "\"" + path + "\" already exists");
        }
    }

    private Outcome receiveLocked(Wire wire, Request.Upload request, RemotePath path)
            throws ProtocolException, BodyFailure, IOException {
        long size = request.size();
        Path partial;
        long offset;
        try {
            partial = partials.partialFor(user.name(), path, size);
            if (!request.resume()) {
                Files.deleteIfExists(partial);
            }
            partials.discardOthers(partial);
            offset = PartialUploads.keptBytes(partial);
            if (offset > size) {
                Files.delete(partial);
                offset = 0;
            }
            checkRoom(partial, size - offset);
        } catch (IOException e) {
            throw Failures.toProtocol(e);
        }

        try (FileChannel file = PartialUploads.open(partial);
             DirectWrites direct = DirectWrites.open(partial, size - offset, wire.zeroCopy());
             ParallelDigest digest = new ParallelDigest(size, direct.chunkSize(BUFFER), FileHashes.HASHERS, Sha256::jdk,
                     direct.chunks(wire.zeroCopy() ? DIRECT_CHUNKS : ChunkBuffers.HEAP));
             EarlyWriteback writeback = EarlyWriteback.of(file, offset)) {
            digest.hashPrefix(file, offset); // a resume: the kept bytes count toward the hash
            wire.send(new Response.UploadOk(offset));
            receiveBody(wire, new BodyFile(file, direct, writeback), offset, size, digest);

            Header next = wire.read(limits.bodyStallTimeout());
            if (next == null) {
                return null; // peer left after the body: keep the partial for a resume
            }
            Request.Commit commit = commitFrom(next);
            String actual = digest.finish();
            if (!actual.equals(commit.sha256())) {
                file.close();
                Files.deleteIfExists(partial);
                throw new ProtocolException(ErrorCode.CHECKSUM_MISMATCH,
                        "the received bytes do not match the sha256 sent; the upload was discarded, send it again");
            }
            try {
                if (request.mtime() != null) {
                    // Both times given: the JDK opens the file, sets them with one futimens and
                    // closes it (strace). Files.setLastModifiedTime also read the access time back.
                    Files.getFileAttributeView(partial, BasicFileAttributeView.class, UserHome.NOFOLLOW)
                            .setTimes(FileTime.from(request.mtime()), FileTime.from(Instant.now()), null);
                }
                file.force(true);
                hashes.attach(partial, actual);
            } catch (IOException e) {
                throw Failures.toProtocol(e);
            }
            publish(partial, path, request.overwrite(), size);
            return new Outcome(offset, size - offset, actual);
        }
    }

    private void checkRoom(Path partial, long needed) throws ProtocolException, IOException {
        if (user.quotaBytes() != null) {
            long used = operations.usedBytes() + partials.bytesOf(user.name());
            long left = Math.max(0, user.quotaBytes() - used);
            if (needed > left) {
                throw new ProtocolException(ErrorCode.QUOTA_EXCEEDED,
                        "the upload needs " + needed + " bytes but only " + left + " are left of your quota");
            }
        }
        long free = partials.usableSpace();
        if (needed > free) {
            throw new ProtocolException(ErrorCode.NO_SPACE, "the server does not have " + needed + " bytes of free space");
        }
    }

    /** Where a body's bytes go: the partial, through the page cache or past it, with early writeback. */
    private record BodyFile(FileChannel file, DirectWrites direct, EarlyWriteback writeback) {
        long write(ByteBuffer chunk, long position) throws IOException {
            long end = direct.write(file, chunk, position);
            if (!direct.active()) {
                writeback.written(end);
            }
            return end;
        }
    }

    private void receiveBody(Wire wire, BodyFile into, long offset, long size, ParallelDigest digest)
            throws IOException, BodyFailure {
        wire.input.perRead(limits.bodyStallTimeout());
        wire.receiveStarted();
        // Written inline: on a thread of its own (as the client writes) a 1 GiB upload was no faster (bench/RESULTS.md).
        try (BodyWriter writes = BodyWriter.inline(into::write, digest)) {
            long position = offset;
            while (position < size) {
                ByteBuffer chunk = writes.take();
                into.direct().limit(chunk, position, size - position);
                int n = into.direct().fill(wire::readBody, chunk, writes::salvage, position);
                writes.write(chunk.flip(), position);
                position += n;
            }
            writes.finish();
        } catch (BodyWriter.WriteFailure e) {
            throw new BodyFailure(Failures.toProtocol(e.disk())); // disk full or I/O error: answer at once, then close
        } finally {
            wire.bodyFinished();
        }
    }

    private static Request.Commit commitFrom(Header next) throws BodyFailure {
        try {
            if (!"commit".equals(next.op())) {
                throw new ProtocolException(ErrorCode.BAD_REQUEST, "after an upload body the next request must be commit");
            }
            return (Request.Commit) next.toRequest();
        } catch (ProtocolException e) {
            // The partial is kept: the client may resume it.
            throw new BodyFailure(new ProtocolException(ErrorCode.BAD_REQUEST, e.getMessage()));
        }
    }

    /**
     * Moves the partial into place atomically and syncs the directory. The target is checked
     * again on the way: the walk that creates missing parents checks each one as the upload
     * checked it, and the name itself is looked at only when it matters. Without overwrite,
     * link(2) refuses any name that appeared meanwhile, and only then is it looked at, to say
     * what appeared. Checking it first as well cost three more {@code statx} per commit (the
     * home and the parent once more, and a missing name, which the JDK reports by an exception).
     * Whatever the check refuses deletes the partial; an I/O error keeps it for a resume.
     */
    private void publish(Path partial, RemotePath path, boolean overwrite, long size) throws ProtocolException {
        try {
            home.createDirectories(path.parent());
            Path target = home.fileOf(path);
            if (overwrite) {
                BasicFileAttributes replaced = UserHome.attributesOrNull(target);
                if (replaced != null && !replaced.isRegularFile()) {
                    throw refusal(path, replaced);
                }
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
                operations.published(size, replaced);
            } else {
                linkWithoutReplacing(partial, target, path);
                operations.published(size, null);
            }
            Durability.syncDirectory(target.getParent());
        } catch (ProtocolException e) {
            deleteQuietly(partial);
            throw e;
        } catch (IOException e) {
            throw Failures.toProtocol(e);
        }
    }

    /**
     * link(2) fails when the name exists, so a file created meanwhile is never replaced. The
     * partial's own name goes with one unlink: should that fail, the start-up sweep deletes
     * partials that are also a published file ({@link PartialUploads#sweep}).
     */
    private static void linkWithoutReplacing(Path partial, Path target, RemotePath path) throws IOException, ProtocolException {
        try {
            try {
                Files.createLink(target, partial);
            } catch (UnsupportedOperationException | FileSystemException e) {
                if (e instanceof FileAlreadyExistsException exists) {
                    throw exists;
                }
                Files.move(partial, target); // no hard links here: the JDK's check-then-rename
                return;
            }
        } catch (FileAlreadyExistsException e) {
            throw refusal(path, UserHome.attributesOrNull(target));
        }
        // java.io's delete is one unlink(2); Files.delete would lstat first to choose between unlink and rmdir.
        if (!partial.toFile().delete()) {
            Files.delete(partial); // says why, or finds it gone
        }
    }

    /** Why a file cannot be published at {@code path}, given what is there now (null: it vanished again). */
    private static ProtocolException refusal(RemotePath path, BasicFileAttributes there) {
        if (there != null && UserHome.isLinkOrSpecial(there)) {
            return UserHome.linkOrSpecial(path);
        }
        if (there != null && there.isDirectory()) {
            return new ProtocolException(ErrorCode.IS_A_DIRECTORY, "\"" + path + "\" is a directory");
        }
        return new ProtocolException(ErrorCode.EXISTS, "\"" + path + "\" appeared while uploading");
    }

    private static void deleteQuietly(Path partial) {
        try {
            Files.deleteIfExists(partial);
        } catch (IOException ignored) {
            // swept at the next start
        }
    }
}
