package dev.ferry.client;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "mkdir", mixinStandardHelpOptions = true, description = "Create a remote directory and its parents.",
        footer = {"", "Example:", "  ftp-client mkdir backups/2024/march"})
final class MkdirCommand extends ClientCommand {
    @Parameters(paramLabel = "REMOTE")
    String remote;

    @Override
    void execute() throws Exception {
        boolean created;
        try (FerrySession session = open()) {
            created = SessionCall.on(session, remote, s -> s.mkdir(remote));
        }
        if (!main.quiet) {
            out().println(created ? "created " + remote : remote + " already exists");
        }
    }
}
