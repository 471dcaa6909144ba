package dev.ferry.client;

import java.util.List;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

final class DeleteCommand extends ClientCommand {
    static final Names NAMES = new Names("delete", List.of("rm"));

    private final OptionSpec recursive = CommandSpecs.flag("Delete directories with everything in them.", "-r", "--recursive");
    private final PositionalParamSpec remotes = CommandSpecs.positional("REMOTE", "1..*").build();

    DeleteCommand(ClientMain main) {
        super(main, NAMES, List.of("Delete remote files or directories."),
                List.of("", "Examples:", "  ftp-client delete old.log", "  ftp-client rm -r backups/2019"));
        spec.addOption(recursive).addPositional(remotes);
    }

    @Override
    void execute() throws Exception {
        boolean recursive = CommandSpecs.isSet(this.recursive);
        List<String> remotes = this.remotes.getValue();
        ClientFailure first = null;
        try (FerrySession session = open()) {
            for (String remote : remotes) {
                try {
                    SessionCall.on(session, remote, s -> {
                        s.delete(remote, recursive);
                        return null;
                    });
                    if (!main.quiet()) {
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
