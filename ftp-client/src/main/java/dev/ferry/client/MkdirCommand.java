package dev.ferry.client;

import java.util.List;
import picocli.CommandLine.Model.PositionalParamSpec;

final class MkdirCommand extends ClientCommand {
    static final Names NAMES = new Names("mkdir", List.of());

    private final PositionalParamSpec remote = CommandSpecs.positional("REMOTE", "1").build();

    MkdirCommand(ClientMain main) {
        super(main, NAMES, List.of("Create a remote directory and its parents."),
                List.of("", "Example:", "  ftp-client mkdir backups/2024/march"));
        spec.addPositional(remote);
    }

    @Override
    void execute() throws Exception {
        String remote = this.remote.getValue();
        boolean created;
        try (FerrySession session = open()) {
            created = SessionCall.on(session, remote, s -> s.mkdir(remote));
        }
        if (!main.quiet()) {
            out().println(created ? "created " + remote : remote + " already exists");
        }
    }
}
