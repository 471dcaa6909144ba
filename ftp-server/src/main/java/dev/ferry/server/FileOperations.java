package dev.ferry.server;

import dev.ferry.protocol.Entry;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.FileType;
import dev.ferry.protocol.Listing;
import dev.ferry.protocol.ProtocolException;
import dev.ferry.protocol.RemotePath;
import dev.ferry.protocol.Response;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/** The operations without a body stream of their own: list, stat, mkdir, delete, rename, usage. */
final class FileOperations {
    private final UserHome home;
    private final FileHashes hashes;
    private final HomeUsage usage;

    FileOperations(UserHome home, FileHashes hashes, HomeUsage usage) {
        this.home = home;
        this.hashes = hashes;
        this.usage = usage;
    }

    /** A listing as sent: the JSON body and how many entries it holds. */
    record ListingBody(byte[] bytes, int count) {
    }

    /** The listing body of a path: a directory's visible entries, or a file's own entry. */
    ListingBody list(RemotePath path) throws ProtocolException, IOException {
        UserHome.Target target = home.existing(path);
        List<Entry> entries = new ArrayList<>();
        if (target.isFile()) {
            entries.add(entryOf(path.name(), target.attributes()));
        } else {
            try (DirectoryStream<Path> children = Files.newDirectoryStream(target.file())) {
                for (Path child : children) {
                    String name = child.getFileName().toString();
                    if (!isWireSafe(name)) {
                        continue; // names a client could not use (or that are not valid UTF-8) are not shown
                    }
                    BasicFileAttributes a;
                    try {
                        a = Files.readAttributes(child, BasicFileAttributes.class, UserHome.NOFOLLOW);
                    } catch (NoSuchFileException gone) {
                        continue;
                    }
                    if (a.isRegularFile() || a.isDirectory()) {
                        entries.add(entryOf(name, a)); // links and special files are never shown
                    }
                }
            }
            entries.sort((x, y) -> Listing.CODE_POINT_ORDER.compare(x.name(), y.name()));
        }
        return new ListingBody(Listing.encode(entries), entries.size());
    }

    private static boolean isWireSafe(String name) {
        if (name.indexOf('\uFFFD') >= 0) {
            return false; // the JDK's stand-in for bytes that are not UTF-8
        }
        try {
            RemotePath.checkName(name);
            return true;
        } catch (ProtocolException e) {
            return false;
        }
    }

    private static Entry entryOf(String name, BasicFileAttributes a) {
        return new Entry(name, a.isDirectory() ? FileType.DIRECTORY : FileType.FILE, a.isDirectory() ? 0 : a.size(),
                a.lastModifiedTime().toInstant());
    }

    Response.StatOk stat(RemotePath path) throws ProtocolException {
        UserHome.Target target = home.existing(path);
        BasicFileAttributes a = target.attributes();
        String sha256 = target.isFile() ? hashes.known(target.file(), a) : null;
        return new Response.StatOk(path.name(), target.isDirectory() ? FileType.DIRECTORY : FileType.FILE,
                target.isDirectory() ? 0 : a.size(), a.lastModifiedTime().toInstant(), sha256);
    }

    Response.MkdirOk mkdir(RemotePath path) throws ProtocolException, IOException {
        if (path.isHome()) {
            return new Response.MkdirOk(false);
        }
        return new Response.MkdirOk(home.createDirectories(path));
    }

    void delete(RemotePath path, boolean recursive) throws ProtocolException, IOException {
        if (path.isHome()) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "the home directory itself cannot be deleted");
        }
        UserHome.Target target = home.existing(path);
        if (target.isFile()) {
            Files.delete(target.file());
            usage.changed(home.root(), -target.attributes().size(), -1);
        } else if (!recursive) {
            try {
                Files.delete(target.file());
            } catch (DirectoryNotEmptyException e) {
                throw new ProtocolException(ErrorCode.NOT_EMPTY, "\"" + path + "\" is not empty; delete it recursively");
            }
        } else {
            usage.forget(home.root());
            deleteTree(target.file());
        }
        Durability.syncDirectory(target.file().getParent());
    }

    /**
     * Deletes a directory tree relative to open directory handles (openat-style), so a
     * directory swapped for a link mid-walk is unlinked, never followed.
     */
    private static void deleteTree(Path directory) throws IOException {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            if (stream instanceof SecureDirectoryStream<Path> secure) {
                deleteChildren(secure);
            } else {
                Files.walkFileTree(directory, new SimpleFileVisitor<>() { // no FOLLOW_LINKS: links are visited as files
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        Files.delete(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                        if (e != null) {
                            throw e;
                        }
                        if (!dir.equals(directory)) {
                            Files.delete(dir);
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
            }
        }
        Files.delete(directory);
    }

    private static void deleteChildren(SecureDirectoryStream<Path> dir) throws IOException {
        List<Path> names = new ArrayList<>();
        dir.forEach(p -> names.add(p.getFileName()));
        for (Path name : names) {
            BasicFileAttributes a = dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
            if (a.isDirectory()) {
                try (SecureDirectoryStream<Path> child = dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
                    deleteChildren(child);
                }
                dir.deleteDirectory(name);
            } else {
                dir.deleteFile(name);
            }
        }
    }

    void rename(RemotePath from, RemotePath to, boolean overwrite) throws ProtocolException, IOException {
        if (from.isHome() || to.isHome()) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "the home directory itself cannot be renamed or replaced");
        }
        UserHome.Target source = home.existing(from);
        if (from.equals(to)) {
            return;
        }
        if (source.isDirectory() && from.contains(to)) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "a directory cannot be moved into itself");
        }
        UserHome.Target target = home.inspect(to);
        if (!target.exists()) {
            home.createDirectories(to.parent());
            target = home.inspect(to);
        }
        if (target.isDirectory()) {
            throw new ProtocolException(ErrorCode.EXISTS, "a directory already exists at \"" + to + "\"");
        }
        if (target.isFile() && (!overwrite || source.isDirectory())) {
            throw new ProtocolException(ErrorCode.EXISTS, source.isDirectory()
                    ? "a directory never replaces a file (\"" + to + "\" exists)"
                    : "a file already exists at \"" + to + "\"");
        }
        if (target.isFile()) {
            Files.move(source.file(), target.file(), StandardCopyOption.ATOMIC_MOVE); // replaces atomically
            usage.changed(home.root(), -target.attributes().size(), -1);
        } else {
            Files.move(source.file(), target.file()); // refuses to replace something that appeared meanwhile
        }
        Durability.syncDirectory(target.file().getParent());
        if (!target.file().getParent().equals(source.file().getParent())) {
            Durability.syncDirectory(source.file().getParent());
        }
    }

    /** Bytes in the home for a quota check: remembered between checks (see {@link HomeUsage}). */
    long usedBytes() throws IOException {
        return usage.bytes(home.root(), this::totals);
    }

    /** Accounts for a file the server published: {@code replaced} is the file it replaced, or null. */
    void published(long size, BasicFileAttributes replaced) {
        usage.changed(home.root(), size - (replaced == null ? 0 : replaced.size()), replaced == null ? 1 : 0);
    }

    /** Apparent size and count of the regular files in the home: a walk of all of it. */
    Totals totals() throws IOException {
        long[] bytesAndFiles = new long[2];
        Files.walkFileTree(home.root(), new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    bytesAndFiles[0] += attrs.size();
                    bytesAndFiles[1]++;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // vanished or unreadable: not counted
            }
        });
        return new Totals(bytesAndFiles[0], bytesAndFiles[1]);
    }

    record Totals(long bytes, long files) {
    }
}
