package dev.ferry.client;

import dev.ferry.protocol.FileType;
import dev.ferry.protocol.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

final class UploadCommand extends TransferCommand {
    static final Names NAMES = new Names("upload", List.of());

    UploadCommand(ClientMain main) {
        super(main, NAMES,
                List.of("Upload files and directories, like cp: many sources go into REMOTE as a directory.",
                        "Every file is committed with its SHA-256; an interrupted upload resumes where it stopped."),
                List.of("", "Examples:",
                        "  ftp-client upload report.pdf                  # into your home",
                        "  ftp-client upload a.txt b.txt docs/           # into docs/",
                        "  ftp-client upload big.iso isos/latest.iso     # under another name",
                        "  ftp-client upload -r photos backups/          # a tree, 8 files at a time",
                        "  ftp-client upload --overwrite --parallel 8 -r site/ www/"),
                "LOCAL... [REMOTE]", "Local files or directories, then the remote destination (default: your home).");
    }

    /** {@code startOver}: do not resume from what an earlier attempt left on the server. */
    record Task(Path local, String remote, Uploader uploader, boolean startOver) implements TransferRunner.Task {
        public String name() {
            return remote;
        }

        public Exchange start(FerrySession session) throws ClientFailure {
            return uploader.start(session, this);
        }

        Task fromTheStart() {
            return new Task(local, remote, uploader, true);
        }
    }

    @Override
    void execute() throws Exception {
        List<String> args = args();
        List<String> sources = sources(args);
        String destination = destination(args, "");
        List<Path> locals = new ArrayList<>();
        for (String source : sources) {
            Path local = Path.of(source);
            if (!Files.exists(local)) {
                throw new ClientFailure(ExitCode.NOT_FOUND, source + ": no such local file or directory");
            }
            if (Files.isDirectory(local) && !recursive()) {
                throw new ClientFailure(ExitCode.USAGE, source + " is a directory (use -r to upload it with its contents)");
            }
            locals.add(local);
        }
        FerrySession session = open();
        long started = System.nanoTime();
        List<Task> tasks = new ArrayList<>();
        Progress progress;
        TransferRunner.Result result;
        try {
            boolean intoDirectory = destination.isEmpty() || destination.endsWith("/") || sources.size() > 1
                    || isRemoteDirectory(session, destination);
            List<PlannedFile> files = new ArrayList<>();
            for (Path local : locals) {
                String root = intoDirectory ? join(destination, baseName(local)) : destination;
                plan(session, local, root, files);
            }
            long total = files.stream().mapToLong(PlannedFile::size).sum();
            progress = progress(total, files.size());
            Uploader uploader = new Uploader(overwrite(), resume(), progress);
            for (PlannedFile f : files) {
                tasks.add(new Task(f.local(), f.remote(), uploader, false));
            }
        } catch (ClientFailure | RuntimeException e) {
            session.abort();
            throw e;
        }
        try (progress) {
            result = TransferRunner.run(tasks, parallel(), sessions(session));
        }
        finish("uploaded", result, (System.nanoTime() - started) / 1e9);
    }

    private record PlannedFile(Path local, String remote, long size) {
    }

    private static boolean isRemoteDirectory(FerrySession session, String remote) throws ClientFailure {
        Response.StatOk stat = SessionCall.on(session, remote, s -> s.statOrNull(remote));
        return stat != null && stat.type() == FileType.DIRECTORY;
    }

    /** Files to send; empty directories are created now (files bring their parents at commit). */
    private void plan(FerrySession session, Path local, String remoteRoot, List<PlannedFile> files) throws ClientFailure {
        if (!Files.isDirectory(local)) {
            files.add(new PlannedFile(local, remoteRoot, sizeOf(local)));
            return;
        }
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(local)) { // does not follow links
            entries = walk.toList();
        } catch (IOException e) {
            throw new ClientFailure(ExitCode.OTHER, local + ": cannot read the directory: " + e.getMessage());
        }
        for (Path entry : entries) {
            String remote = join(remoteRoot, relative(local, entry));
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                err().println("ftp-client: skipping " + entry + ": " + e.getMessage());
                continue;
            }
            if (a.isRegularFile()) {
                files.add(new PlannedFile(entry, remote, a.size()));
            } else if (a.isDirectory()) {
                if (isEmptyDirectory(entry)) {
                    SessionCall.on(session, remote, s -> s.mkdir(remote));
                }
            } else if (!main.quiet()) {
                err().println("ftp-client: skipping " + entry + " (" + (a.isSymbolicLink() ? "a link" : "a special file")
                        + "; only files and directories are uploaded)");
            }
        }
    }

    private static boolean isEmptyDirectory(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            return children.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static long sizeOf(Path file) throws ClientFailure {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new ClientFailure(ExitCode.OTHER, file + ": cannot read: " + e.getMessage());
        }
    }

    private static String relative(Path root, Path entry) {
        List<String> parts = new ArrayList<>();
        for (Path p : root.relativize(entry)) {
            if (!p.toString().isEmpty()) {
                parts.add(p.toString());
            }
        }
        return String.join("/", parts);
    }

    static String baseName(Path local) {
        Path name = local.toAbsolutePath().normalize().getFileName();
        return name == null ? "" : name.toString();
    }

    static String join(String dir, String name) {
        if (name.isEmpty()) {
            return dir;
        }
        if (dir.isEmpty()) {
            return name;
        }
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }
}
