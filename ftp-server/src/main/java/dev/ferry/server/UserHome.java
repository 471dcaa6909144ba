package dev.ferry.server;

import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.ProtocolException;
import dev.ferry.protocol.RemotePath;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A user's home and the only way into it. Paths are resolved one component at a time with
 * {@code NOFOLLOW_LINKS}: a link or special file anywhere on the way is FORBIDDEN, a file on
 * the way is NOT_A_DIRECTORY. Containment comes from walking components of an already
 * normalized {@link RemotePath} (no '..', no separators inside a segment), never from
 * comparing strings.
 */
final class UserHome {
    static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    enum Kind { MISSING, FILE, DIRECTORY }

    /** What is at a path now. {@code attributes} is null when missing. */
    record Target(RemotePath path, Path file, Kind kind, BasicFileAttributes attributes) {
        boolean isFile() {
            return kind == Kind.FILE;
        }

        boolean isDirectory() {
            return kind == Kind.DIRECTORY;
        }

        boolean exists() {
            return kind != Kind.MISSING;
        }
    }

    private final Path root;

    UserHome(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** Resolves a path without requiring it to exist. */
    Target inspect(RemotePath path) throws ProtocolException {
        Path current = root;
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(root, BasicFileAttributes.class, NOFOLLOW);
        } catch (IOException e) {
            throw new ProtocolException(ErrorCode.INTERNAL, "the user's home is not available");
        }
        int last = path.segments().size() - 1;
        for (int i = 0; i <= last; i++) {
            current = current.resolve(path.segments().get(i));
            attributes = attributesOrNull(current);
            if (attributes == null) {
                return new Target(path, fileOf(path), Kind.MISSING, null);
            }
            if (isLinkOrSpecial(attributes)) {
                throw linkOrSpecial(path);
            }
            if (i < last && !attributes.isDirectory()) {
                throw new ProtocolException(ErrorCode.NOT_A_DIRECTORY, "a part of \"" + path + "\" is a file, not a directory");
            }
        }
        return new Target(path, current, attributes.isDirectory() ? Kind.DIRECTORY : Kind.FILE, attributes);
    }

    /** Resolves a path that must exist. */
    Target existing(RemotePath path) throws ProtocolException {
        Target target = inspect(path);
        if (!target.exists()) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "\"" + path + "\" does not exist");
        }
        return target;
    }

    /**
     * Creates every missing directory from the home down to {@code path}, itself included;
     * an existing file on the way is NOT_A_DIRECTORY, a link FORBIDDEN. One walk down, each
     * component checked as {@link #inspect} checks it: walking from the home again for each
     * prefix made a commit 7 components deep cost ~35 {@code statx} (strace).
     *
     * @return true when the last directory was created by this call
     */
    boolean createDirectories(RemotePath path) throws ProtocolException, IOException {
        Target home = inspect(RemotePath.HOME); // INTERNAL when the home itself is gone
        Path current = home.file();
        RemotePath prefix = RemotePath.HOME;
        boolean created = false;
        for (String segment : path.segments()) {
            prefix = prefix.child(segment);
            current = current.resolve(segment);
            created = false;
            BasicFileAttributes attributes = attributesOrNull(current);
            if (attributes == null) {
                try {
                    Files.createDirectory(current);
                    created = true;
                    continue;
                } catch (FileAlreadyExistsException raced) {
                    attributes = attributesOrNull(current); // someone else made it: check what it is
                }
            }
            checkDirectoryOnTheWay(attributes, prefix, path);
        }
        return created;
    }

    private static void checkDirectoryOnTheWay(BasicFileAttributes attributes, RemotePath prefix, RemotePath path)
            throws ProtocolException {
        if (attributes == null) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "a part of \"" + path + "\" vanished while it was created");
        }
        if (isLinkOrSpecial(attributes)) {
            throw linkOrSpecial(prefix);
        }
        if (!attributes.isDirectory()) {
            throw new ProtocolException(prefix.equals(path) ? ErrorCode.EXISTS : ErrorCode.NOT_A_DIRECTORY,
                    prefix.equals(path) ? "a file already exists at \"" + path + "\""
                            : "a part of \"" + path + "\" is a file, not a directory");
        }
    }

    /** A link or a special file: never followed, never opened. */
    static boolean isLinkOrSpecial(BasicFileAttributes attributes) {
        return attributes.isSymbolicLink() || attributes.isOther();
    }

    /** FORBIDDEN, for a path that is or passes through a link or special file. */
    static ProtocolException linkOrSpecial(RemotePath path) {
        return new ProtocolException(ErrorCode.FORBIDDEN,
                "\"" + path + "\" is or passes through a link or special file, which are never followed");
    }

    Path fileOf(RemotePath path) {
        Path file = root;
        for (String segment : path.segments()) {
            file = file.resolve(segment);
        }
        return file;
    }

    /**
     * A path's own attributes (links not followed), or null when nothing is there. A missing
     * path is the common case on upload. The JDK (25) answers it without an exception only
     * when it follows links; with NOFOLLOW_LINKS it throws and catches a NoSuchFileException
     * inside, stack trace and all: two per upload (perf, 2,000 small uploads: filling in the
     * stack traces took 3.5% of the server's CPU when there were three).
     * Only lstat can tell a missing name from a dangling link, which must be FORBIDDEN
     * (PROTOCOL.md), so the cost is paid here.
     */
    static BasicFileAttributes attributesOrNull(Path file) throws ProtocolException {
        try {
            return file.getFileSystem().provider().readAttributesIfExists(file, BasicFileAttributes.class, NOFOLLOW);
        } catch (IOException e) {
            throw Failures.toProtocol(e);
        }
    }
}
