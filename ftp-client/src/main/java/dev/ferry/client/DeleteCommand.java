package dev.ferry.client;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "delete", aliases = "rm", mixinStandardHelpOptions = true, description = "Delete remote files or directories.",
        footer = {"", "Examples:", "  ftp-client delete old.log", "  ftp-client rm -r backups/2019"})
final class DeleteCommand extends ClientCommand {
    @Option(names = {"-r", "--recursive"}, description = "Delete directories with everything in them.")
    boolean recursive;

    @Parameters(paramLabel = "REMOTE", arity = "1..*")
    List<String> remotes;

    @Override
    void execute() throws Exception {
        ClientFailure first = null;
        try (FerrySession session = open()) {
            for (String remote : remotes) {
                try {
                    SessionCall.on(session, remote, s -> {
                        s.delete(remote, recursive);
                        return null;
                    });
                    if (!main.quiet) {
                        out().println("deleted " + remote);
                    }
                } catch (ClientFailure e) {
                    if (e.brokeSession) {
                        throw e;
                    }
                    err().println("ftp-client: " + e.getMessage());
                    first = first == null ? e : first;
                }
            }
        }
        if (first != null) {
            throw new ClientFailure(first.exitCode, "some paths were not deleted (see above)");
        }
    }
}
