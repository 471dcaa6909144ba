package dev.ferry.client;

import dev.ferry.protocol.FileType;
import dev.ferry.protocol.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
        List<TransferRunner.Failed> unreadable = new ArrayList<>();
        Progress progress;
        TransferRunner.Result result;
        try {
            boolean intoDirectory = destination.isEmpty() || destination.endsWith("/") || sources.size() > 1
                    || isRemoteDirectory(session, destination);
            List<LocalTree.LocalFile> files = new ArrayList<>();
            for (Path local : locals) {
                String root = intoDirectory ? join(destination, baseName(local)) : destination;
                plan(session, local, root, files, unreadable);
            }
            long total = files.stream().mapToLong(LocalTree.LocalFile::size).sum();
            progress = progress(total, files.size());
            Uploader uploader = new Uploader(overwrite(), resume(), progress);
            for (LocalTree.LocalFile f : files) {
                tasks.add(new Task(f.local(), f.remote(), uploader, false));
            }
        } catch (ClientFailure | RuntimeException e) {
            session.abort();
            throw e;
        }
        try (progress) {
            result = TransferRunner.run(tasks, parallel(), sessions(session));
        }
        finish("uploaded", result.after(unreadable), (System.nanoTime() - started) / 1e9);
    }

    private static boolean isRemoteDirectory(FerrySession session, String remote) throws ClientFailure {
        Response.StatOk stat = SessionCall.on(session, remote, s -> s.statOrNull(remote));
        return stat != null && stat.type() == FileType.DIRECTORY;
    }

    /**
     * Files to send, and local entries that cannot be read; empty directories are created now
     * (files bring their parents at commit).
     */
    private void plan(FerrySession session, Path local, String remoteRoot, List<LocalTree.LocalFile> files,
            List<TransferRunner.Failed> unreadable) throws ClientFailure {
        if (!Files.isDirectory(local)) {
            files.add(new LocalTree.LocalFile(local, remoteRoot, sizeOf(local)));
            return;
        }
        LocalTree tree;
        try {
            tree = LocalTree.walk(local, remoteRoot, err(), main.quiet());
        } catch (IOException e) {
            throw new ClientFailure(ExitCode.OTHER, local + ": cannot read the directory: " + e.getMessage());
        }
        files.addAll(tree.files());
        unreadable.addAll(tree.unreadable());
        for (String directory : tree.emptyDirectories()) {
            SessionCall.on(session, directory, s -> s.mkdir(directory));
        }
    }

    private static long sizeOf(Path file) throws ClientFailure {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new ClientFailure(ExitCode.OTHER, file + ": cannot read: " + e.getMessage());
        }
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
