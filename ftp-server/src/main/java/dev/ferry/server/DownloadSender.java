package dev.ferry.server;

import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.ProtocolException;
import dev.ferry.protocol.RemotePath;
import dev.ferry.protocol.Request;
import dev.ferry.protocol.Response;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * One download (PROTOCOL.md §3): open the file without following links, take a consistent
 * snapshot of (open file, size, mtime, hash), answer, then send the bytes with
 * {@link FileChannel#transferTo} (sendfile: no copy through the heap). A file replaced
 * meanwhile keeps serving the old bytes from the open handle, matching the hash we sent.
 */
final class DownloadSender {
    private static final long CHUNK = 1 << 20; // progress granularity for the stall watchdog
    private static final int SNAPSHOT_TRIES = 5;
    private static final int FALLBACK_CHUNK = 64 * 1024;

    private final UserHome home;
    private final FileHashes hashes;

    DownloadSender(UserHome home, FileHashes hashes) {
        this.home = home;
        this.hashes = hashes;
    }

    /** Sends the response and body; returns the bytes sent. IOException: the connection failed. */
    long send(Wire wire, Request.Download request) throws ProtocolException, IOException {
        RemotePath path = RemotePath.parse(request.path());
        try (Snapshot snapshot = open(path)) {
            if (request.offset() > snapshot.size) {
                throw new ProtocolException(ErrorCode.BAD_REQUEST,
                        "offset " + request.offset() + " is past the end of the file (" + snapshot.size + " bytes)");
            }
            wire.writer.writeUnflushed(new Response.DownloadOk(snapshot.size, snapshot.sha256,
                    snapshot.attributes.lastModifiedTime().toInstant()));
            if (!wire.zeroCopy()) {
                return stream(wire, snapshot, request.offset());
            }
            wire.flush();
            return transfer(wire, snapshot, request.offset());
        }
    }

    private long transfer(Wire wire, Snapshot snapshot, long offset) throws IOException {
        long position = offset;
        ByteBuffer fallback = null;
        wire.bodyStarted();
        try {
            while (position < snapshot.size) {
                long n = snapshot.channel.transferTo(position, Math.min(CHUNK, snapshot.size - position), wire.channel);
                if (n == 0) {
                    // On a virtual thread, sendfile into a full socket buffer returns 0 instead of waiting.
                    // A plain channel write parks until the socket is writable: send one chunk that way
                    // rather than spinning (measured: 1.8 CPU-s per GiB spinning, see bench/RESULTS.md).
                    if (fallback == null) {
                        fallback = ByteBuffer.allocateDirect(FALLBACK_CHUNK);
                    }
                    n = sendByWrite(snapshot, position, fallback, wire);
                }
                position += n;
                wire.bodyProgress();
            }
        } finally {
            wire.bodyFinished();
        }
        return position - offset;
    }

    /** Over TLS the bytes must pass through user space to be encrypted: plain buffered copies. */
    private static long stream(Wire wire, Snapshot snapshot, long offset) throws IOException {
        byte[] buffer = new byte[(int) Math.min(256 * 1024, Math.max(1, snapshot.size - offset))];
        ByteBuffer wrapped = ByteBuffer.wrap(buffer);
        long position = offset;
        wire.bodyStarted();
        try {
            while (position < snapshot.size) {
                wrapped.clear().limit((int) Math.min(buffer.length, snapshot.size - position));
                int n = snapshot.channel.read(wrapped, position);
                if (n <= 0) {
                    throw new IOException("file was truncated while it was being sent");
                }
                wire.writer.writeBody(buffer, 0, n);
                position += n;
                wire.bodyProgress();
            }
            wire.flush();
        } finally {
            wire.bodyFinished();
        }
        return position - offset;
    }

    private static long sendByWrite(Snapshot snapshot, long position, ByteBuffer buffer, Wire wire) throws IOException {
        buffer.clear().limit((int) Math.min(buffer.capacity(), snapshot.size - position));
        int read = snapshot.channel.read(buffer, position);
        if (read <= 0) {
            // Truncated in place under us (not by Ferry): the promised length cannot be kept.
            throw new IOException("file was truncated while it was being sent");
        }
        buffer.flip();
        while (buffer.hasRemaining()) {
            wire.channel.write(buffer);
        }
        return read;
    }

    private final class Snapshot implements AutoCloseable {
        final FileChannel channel;
        final BasicFileAttributes attributes;
        final long size;
        final String sha256;

        Snapshot(FileChannel channel, BasicFileAttributes attributes, String sha256) {
            this.channel = channel;
            this.attributes = attributes;
            this.size = attributes.size();
            this.sha256 = sha256;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /**
     * Opens the file and reads its attributes and stored hash, retrying until the path named
     * the same file (same inode, size and mtime) before and after: then the open handle, the
     * size and the hash all describe the same bytes.
     */
    private Snapshot open(RemotePath path) throws ProtocolException, IOException {
        for (int attempt = 0; attempt < SNAPSHOT_TRIES; attempt++) {
            UserHome.Target before = home.existing(path);
            if (before.isDirectory()) {
                throw new ProtocolException(ErrorCode.IS_A_DIRECTORY, "\"" + path + "\" is a directory");
            }
            FileChannel channel;
            try {
                channel = FileChannel.open(before.file(), StandardOpenOption.READ, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                throw Failures.toProtocol(e);
            }
            boolean keep = false;
            try {
                String known = hashes.known(before.file(), before.attributes());
                BasicFileAttributes after = UserHome.attributesOrNull(before.file());
                if (after != null && sameFile(before.attributes(), after) && after.isRegularFile()) {
                    String sha256 = known != null ? known : hashAndRemember(channel, before.file(), after);
                    keep = true;
                    return new Snapshot(channel, after, sha256);
                }
            } finally {
                if (!keep) {
                    channel.close();
                }
            }
        }
        throw new ProtocolException(ErrorCode.LOCKED, "\"" + path + "\" keeps changing; try again");
    }

    private String hashAndRemember(FileChannel channel, Path file, BasicFileAttributes attributes) throws IOException {
        String sha256 = FileHashes.compute(channel, attributes.size());
        BasicFileAttributes now = Files.readAttributes(file, BasicFileAttributes.class, UserHome.NOFOLLOW);
        if (sameFile(attributes, now)) {
            hashes.remember(file, now, sha256);
        }
        return sha256;
    }

    private static boolean sameFile(BasicFileAttributes a, BasicFileAttributes b) {
        return Objects.equals(a.fileKey(), b.fileKey()) && a.size() == b.size()
                && a.lastModifiedTime().equals(b.lastModifiedTime());
    }
}
