package dev.ferry.client;

import dev.ferry.protocol.BodyWriter;
import dev.ferry.protocol.ChunkBuffers;
import dev.ferry.protocol.ChunkSink;
import dev.ferry.protocol.DirectBufferPool;
import dev.ferry.protocol.DirectWrites;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.ParallelDigest;
import dev.ferry.protocol.ProtocolException;
import dev.ferry.protocol.Response;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.ThreadFactory;

/**
 * Downloads one remote file into {@code NAME.part} beside the target, continuing from what
 * an earlier attempt left there, verifies the SHA-256 over the whole local file (the resumed
 * prefix included), and only then renames it into place. No half file ever carries the real
 * name. The request is sent by {@link #start}; its answer and body are read later, when the
 * answers to the requests sent before it have been read.
 */
final class Downloader {
    private static final int CHUNK = 256 * 1024;
    /**
     * Bodies from here on (plain TCP) are read into pooled direct chunks, written to the file
     * and hashed from them in place: a heap chunk costs two more copies of every byte, through
     * the JDK's temporary direct buffers. Below it a small file's chunk is a heap one of its own
     * size, as the upload side's sendfile starts at the same size.
     */
    static final long DIRECT_FROM = Uploader.SENDFILE_FROM;
    private static final DirectBufferPool DIRECT_CHUNKS = new DirectBufferPool(CHUNK, 32);
    static final String PART_SUFFIX = ".part";
    private static final ThreadFactory WRITERS = Thread.ofPlatform().daemon().name("ferry-write").factory();

    private final boolean overwrite;
    private final boolean resume;
    private final Progress progress;

    Downloader(boolean overwrite, boolean resume, Progress progress) {
        this.overwrite = overwrite;
        this.resume = resume;
        this.progress = progress;
    }

    static Path partOf(Path target) {
        return target.resolveSibling(target.getFileName() + PART_SUFFIX);
    }

    /**
     * Checks the target, opens the {@code .part} (kept from an earlier attempt unless
     * {@code startOver}; its length is where the download resumes), and writes the download
     * request; the answer is read later. The checks throw no exception for a missing file:
     * three per file had cost a 2,000-file download ~6,000 stack traces.
     */
    Exchange start(FerrySession session, DownloadCommand.Task task) throws ClientFailure {
        Path target = task.local();
        if (!overwrite && Files.exists(target)) { // a link there, even a dangling one, is refused by the final move
            throw new ClientFailure(ExitCode.EXISTS, target + " already exists locally (pass --overwrite to replace it)");
        }
        Path part = partOf(target);
        FileChannel file;
        long offset;
        try {
            file = !resume || task.startOver()
                    ? FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ,
                            StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS)
                    : FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ,
                            LinkOption.NOFOLLOW_LINKS);
            offset = file.size();
        } catch (IOException e) {
            if (Files.isSymbolicLink(part)) {
                throw new ClientFailure(ExitCode.OTHER, part + " is a link; refusing to write through it");
            }
            throw new ClientFailure(ExitCode.OTHER, target + ": cannot write locally: " + e.getMessage(), e, false);
        }
        try {
            session.requestDownload(task.remote(), offset);
        } catch (IOException e) {
            closeQuietly(file);
            throw FerrySession.lost(session.target(), e);
        }
        return new Pending(task, part, file, offset);
    }

    private static void closeQuietly(FileChannel file) {
        try {
            file.close();
        } catch (IOException ignored) {
            // nothing was written through it that matters
        }
    }

    /** A download request on the wire, for {@code part} (open) from {@code offset}. */
    private final class Pending implements Exchange {
        private final DownloadCommand.Task task;
        private final Path part;
        private final FileChannel file;
        private final long offset;

        Pending(DownloadCommand.Task task, Path part, FileChannel file, long offset) {
            this.task = task;
            this.part = part;
            this.file = file;
            this.offset = offset;
        }

        @Override
        public DownloadCommand.Task task() {
            return task;
        }

        @Override
        public void abandon() {
            closeQuietly(file);
        }

        @Override
        public Step receive(FerrySession session) throws ClientFailure {
            Response.DownloadOk ok;
            try {
                ok = session.downloadAnswer();
            } catch (ProtocolException e) {
                abandon();
                if (e.code() == ErrorCode.BAD_REQUEST && offset > 0) {
                    // Our partial is longer than the remote file: it was of another version. Start over.
                    return new Step.Again(task.fromTheStart());
                }
                throw ClientFailure.fromServer(task.remote(), e);
            } catch (IOException e) {
                abandon();
                throw FerrySession.lost(session.target(), e);
            }
            try {
                return receiveBody(session, ok);
            } catch (IOException e) {
                throw new ClientFailure(ExitCode.OTHER, task.local() + ": cannot write locally: " + e.getMessage(), e, true);
            }
        }

        /** Reads the body into the part, verifies the whole file's hash, and renames it into place. */
        private Step receiveBody(FerrySession session, Response.DownloadOk ok) throws ClientFailure, IOException {
            String remote = task.remote();
            Path target = task.local();
            boolean directChunks = ok.size() - offset >= DIRECT_FROM && session.onChannel();
            try (FileChannel file = this.file;
                 DirectWrites direct = DirectWrites.open(part, ok.size() - offset, directChunks);
                 ParallelDigest digest = new ParallelDigest(ok.size(), direct.chunkSize(CHUNK), Uploader.HASHERS,
                         Hashing.engineFor(ok.size()), direct.chunks(directChunks ? DIRECT_CHUNKS : ChunkBuffers.HEAP))) {
                progress.fileStarted(remote, ok.size(), offset);
                digest.hashPrefix(file, offset);
                long received;
                try (BodyWriter writes = writerFor(file, direct, digest)) {
                    received = readBody(session, direct, writes, offset, ok.size(), remote);
                } catch (BodyWriter.WriteFailure e) {
                    progress.fileEnded(remote, false);
                    throw new ClientFailure(ExitCode.OTHER, part + ": cannot write locally: " + e.disk().getMessage(),
                            e.disk(), true);
                } catch (IOException e) {
                    progress.fileEnded(remote, false);
                    throw FerrySession.lost(session.target(), e);
                }
                String actual = digest.finish();
                if (!actual.equals(ok.sha256())) {
                    progress.fileEnded(remote, false);
                    file.close();
                    Files.deleteIfExists(part);
                    if (offset > 0) {
                        // The kept prefix came from an older version of the remote file: start over once.
                        return new Step.Again(task.fromTheStart());
                    }
                    throw new ClientFailure(ExitCode.CHECKSUM, remote + ": checksum mismatch (got sha256 " + actual
                            + ", the server said " + ok.sha256() + "); the download was discarded");
                }
                file.close();
                Files.setLastModifiedTime(part, FileTime.from(ok.mtime()));
                try {
                    if (overwrite) {
                        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    } else {
                        Files.move(part, target);
                    }
                } catch (FileAlreadyExistsException e) {
                    progress.fileEnded(remote, false);
                    throw new ClientFailure(ExitCode.EXISTS, target + " appeared while downloading (kept " + part
                            + "; pass --overwrite to replace)");
                }
                progress.fileEnded(remote, true);
                return new Step.Done(received);
            }
        }
    }

    /**
     * Bodies written direct are written on a thread of their own while the next chunk is read:
     * inline, each 4 MiB write held up the reads, and a 1 GiB download took 1.05-1.12 s
     * against 0.96-0.99 (bench/RESULTS.md). The rest are written inline.
     */
    private static BodyWriter writerFor(FileChannel file, DirectWrites direct, ParallelDigest digest) {
        ChunkSink sink = (chunk, position) -> direct.write(file, chunk, position);
        return direct.active() ? BodyWriter.background(sink, digest, WRITERS) : BodyWriter.inline(sink, digest);
    }

    private long readBody(FerrySession session, DirectWrites direct, BodyWriter writes, long offset, long size,
                          String remote) throws IOException {
        long position = offset;
        while (position < size) {
            ByteBuffer chunk = writes.take();
            direct.limit(chunk, position, size - position);
            int n = direct.fill(session::readBody, chunk, writes::salvage, position);
            writes.write(chunk.flip(), position);
            position += n;
            progress.advanced(remote, n);
        }
        writes.finish();
        session.bodyDone();
        return size - offset;
    }
}
