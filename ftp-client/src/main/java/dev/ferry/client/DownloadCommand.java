package dev.ferry.client;

import dev.ferry.protocol.Entry;
import dev.ferry.protocol.FileType;
import dev.ferry.protocol.ProtocolException;
import dev.ferry.protocol.RemotePath;
import dev.ferry.protocol.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

final class DownloadCommand extends TransferCommand {
    static final Names NAMES = new Names("download", List.of());

    DownloadCommand(ClientMain main) {
        super(main, NAMES,
                List.of("Download files and directories, like cp: many sources go into LOCAL as a directory.",
                        "Every file is verified against the server's SHA-256 and appears under its name only when complete;",
                        "an interrupted download continues from NAME.part."),
                List.of("", "Examples:",
                        "  ftp-client download report.pdf                 # into the current directory",
                        "  ftp-client download a.txt b.txt ~/inbox/       # into ~/inbox",
                        "  ftp-client download isos/latest.iso my.iso     # under another name",
                        "  ftp-client download -r backups/photos .        # a whole tree"),
                "REMOTE... [LOCAL]", "Remote files or directories, then the local destination (default: the current directory).");
    }

    /** {@code startOver}: ignore a {@code .part} left by an earlier attempt. */
    record Task(String remote, Path local, Downloader downloader, boolean startOver) implements TransferRunner.Task {
        public String name() {
            return remote;
        }

        public Exchange start(FerrySession session) throws ClientFailure {
            return downloader.start(session, this);
        }

        Task fromTheStart() {
            return new Task(remote, local, downloader, true);
        }
    }

    private record PlannedFile(String remote, Path local, long size) {
    }

    @Override
    void execute() throws Exception {
        List<String> args = args();
        List<String> sources = sources(args);
        Path destination = Path.of(destination(args, "."));
        boolean intoDirectory = sources.size() > 1 || args.get(args.size() - 1).endsWith("/") || args.size() == 1
                || Files.isDirectory(destination);
        FerrySession session = open();
        long started = System.nanoTime();
        List<PlannedFile> files = new ArrayList<>();
        try {
            for (String source : sources) {
                Response.StatOk stat = SessionCall.on(session, source, s -> s.stat(source));
                String name = nameOf(source);
                Path local = intoDirectory && !name.isEmpty() ? destination.resolve(name) : destination;
                if (stat.type() == FileType.DIRECTORY) {
                    if (!recursive()) {
                        throw new ClientFailure(ExitCode.USAGE, source + " is a directory (use -r to download it with its contents)");
                    }
                    planTree(session, source, local, files);
                } else {
                    if (intoDirectory) {
                        createDirectories(destination);
                    }
                    files.add(new PlannedFile(source, local, stat.size()));
                }
            }
        } catch (ClientFailure | RuntimeException e) {
            session.abort();
            throw e;
        }
        long total = files.stream().mapToLong(PlannedFile::size).sum();
        TransferRunner.Result result;
        try (Progress progress = progress(total, files.size())) {
            Downloader downloader = new Downloader(overwrite(), resume(), progress);
            List<Task> tasks = files.stream().map(f -> new Task(f.remote(), f.local(), downloader, false)).toList();
            result = TransferRunner.run(tasks, parallel(), sessions(session));
        }
        finish("downloaded", result, (System.nanoTime() - started) / 1e9);
    }

    private static String nameOf(String remote) throws ClientFailure {
        try {
            return RemotePath.parse(remote).name();
        } catch (ProtocolException e) {
            throw new ClientFailure(ExitCode.USAGE, remote + ": " + e.getMessage());
        }
    }

    /**
     * Walks a remote tree. Every name the server sends is checked with the protocol's path
     * rules before it touches the local disk, and every local path is checked to stay directly
     * inside its parent: a hostile server cannot make us write outside the target.
     */
    private void planTree(FerrySession session, String remoteDir, Path localDir, List<PlannedFile> files) throws ClientFailure {
        createDirectories(localDir);
        List<Entry> entries = SessionCall.on(session, remoteDir, s -> s.list(remoteDir));
        for (Entry entry : entries) {
            String name;
            try {
                name = RemotePath.checkName(entry.name());
            } catch (ProtocolException e) {
                throw new ClientFailure(ExitCode.OTHER, "the server sent an unsafe name \"" + RemotePath.printable(entry.name())
                        + "\" in " + remoteDir + "; refusing to write it (" + e.getMessage() + ")");
            }
            Path local = localDir.resolve(name);
            if (!local.normalize().getParent().equals(localDir.normalize()) || local.getFileName().toString().equals("..")) {
                throw new ClientFailure(ExitCode.OTHER, "the server sent a name that would leave " + localDir + "; refusing");
            }
            String remote = UploadCommand.join(remoteDir, name);
            if (entry.type() == FileType.DIRECTORY) {
                planTree(session, remote, local, files);
            } else {
                files.add(new PlannedFile(remote, local, entry.size()));
            }
        }
    }

    private static void createDirectories(Path dir) throws ClientFailure {
        try {
            if (Files.isSymbolicLink(dir)) {
                throw new ClientFailure(ExitCode.OTHER, dir + " is a link; refusing to write through it");
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ClientFailure(ExitCode.OTHER, "cannot create " + dir + ": " + e.getMessage());
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new ClientFailure(ExitCode.OTHER, dir + " is not a directory");
        }
    }
}
