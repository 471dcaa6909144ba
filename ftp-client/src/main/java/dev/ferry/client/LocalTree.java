package dev.ferry.client;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * What uploading a local directory sends: its regular files with their sizes, in walk order,
 * and the directories that hold nothing, which the server must be asked to create (a file
 * brings its parents with it at commit). One walk that does not follow links, whose
 * attributes serve for every entry: reading them again per entry cost a {@code statx} for
 * each file. Links and special files are skipped by design, with a sentence; an entry that
 * cannot be read is a failure of its own ({@link #unreadable}), and the walk goes on.
 */
final class LocalTree extends SimpleFileVisitor<Path> {
    /** A regular file to send, and where. */
    record LocalFile(Path local, String remote, long size) {
    }

    private final Path root;
    private final String remoteRoot;
    private final PrintWriter err;
    private final boolean quiet;
    private final List<LocalFile> files = new ArrayList<>();
    private final List<String> emptyDirectories = new ArrayList<>();
    private final List<TransferRunner.Failed> unreadable = new ArrayList<>();
    /** For each directory the walk is in, how many entries it has shown so far. */
    private final Deque<int[]> entriesSeen = new ArrayDeque<>();

    private LocalTree(Path root, String remoteRoot, PrintWriter err, boolean quiet) {
        this.root = root;
        this.remoteRoot = remoteRoot;
        this.err = err;
        this.quiet = quiet;
    }

    /**
     * Walks {@code root}, a directory, whose contents go to {@code remoteRoot}; the links and
     * special files it skips are told on {@code err} unless {@code quiet}.
     */
    static LocalTree walk(Path root, String remoteRoot, PrintWriter err, boolean quiet) throws IOException {
        LocalTree tree = new LocalTree(root, remoteRoot, err, quiet);
        Files.walkFileTree(root, tree);
        return tree;
    }

    List<LocalFile> files() {
        return files;
    }

    /** Remote paths of the directories with no entry at all, parents before children. */
    List<String> emptyDirectories() {
        return emptyDirectories;
    }

    /** Entries that could not be read, so that what is under them is not sent. */
    List<TransferRunner.Failed> unreadable() {
        return unreadable;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
        countEntry();
        entriesSeen.push(new int[1]);
        return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
        countEntry();
        if (attributes.isRegularFile()) {
            files.add(new LocalFile(file, remoteOf(file), attributes.size()));
        } else if (!quiet) {
            err.println("ftp-client: skipping " + file + " (" + (attributes.isSymbolicLink() ? "a link" : "a special file")
                    + "; only files and directories are uploaded)");
        }
        return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) {
        countEntry();
        failed(file, e);
        return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult postVisitDirectory(Path dir, IOException e) {
        int entries = entriesSeen.pop()[0];
        if (e != null) {
            failed(dir, e);
        } else if (entries == 0) {
            emptyDirectories.add(remoteOf(dir));
        }
        return FileVisitResult.CONTINUE;
    }

    private void countEntry() {
        if (!entriesSeen.isEmpty()) {
            entriesSeen.peek()[0]++;
        }
    }

    private String remoteOf(Path entry) {
        List<String> parts = new ArrayList<>();
        for (Path part : root.relativize(entry)) {
            if (!part.toString().isEmpty()) {
                parts.add(part.toString());
            }
        }
        return UploadCommand.join(remoteRoot, String.join("/", parts));
    }

    private void failed(Path entry, IOException e) {
        unreadable.add(new TransferRunner.Failed(entry.toString(),
                new ClientFailure(ExitCode.OTHER, entry + ": cannot read: " + why(e) + "; not sent")));
    }

    private static String why(IOException e) {
        return switch (e) {
            case AccessDeniedException x -> "permission denied";
            case NoSuchFileException x -> "it went away during the walk";
            case FileSystemException x when x.getReason() != null -> x.getReason();
            default -> String.valueOf(e.getMessage());
        };
    }
}
