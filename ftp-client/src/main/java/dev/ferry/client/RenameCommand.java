package dev.ferry.client;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rename", aliases = "mv", mixinStandardHelpOptions = true, description = "Rename or move a remote file or directory.",
        footer = {"", "Examples:", "  ftp-client rename draft.txt final.txt", "  ftp-client mv --overwrite new.cfg live.cfg"})
final class RenameCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "FROM")
    String from;

    @Parameters(index = "1", paramLabel = "TO")
    String to;

    @Option(names = "--overwrite", description = "Replace a file at TO (atomically).")
    boolean overwrite;

    @Override
    void execute() throws Exception {
        try (FerrySession session = open()) {
            SessionCall.on(session, from, s -> {
                s.rename(from, to, overwrite);
                return null;
            });
        }
        if (!main.quiet) {
            out().println("renamed " + from + " -> " + to);
        }
    }
}
