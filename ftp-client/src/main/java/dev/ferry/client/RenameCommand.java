package dev.ferry.client;

import java.util.List;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

final class RenameCommand extends ClientCommand {
    static final Names NAMES = new Names("rename", List.of("mv"));

    private final PositionalParamSpec from = CommandSpecs.positional("FROM", "1").index("0").build();
    private final PositionalParamSpec to = CommandSpecs.positional("TO", "1").index("1").build();
    private final OptionSpec overwrite = CommandSpecs.flag("Replace a file at TO (atomically).", "--overwrite");

    RenameCommand(ClientMain main) {
        super(main, NAMES, List.of("Rename or move a remote file or directory."),
                List.of("", "Examples:", "  ftp-client rename draft.txt final.txt", "  ftp-client mv --overwrite new.cfg live.cfg"));
        spec.addPositional(from).addPositional(to).addOption(overwrite);
    }

    @Override
    void execute() throws Exception {
        String from = this.from.getValue();
        String to = this.to.getValue();
        boolean overwrite = CommandSpecs.isSet(this.overwrite);
        try (FerrySession session = open()) {
            SessionCall.on(session, from, s -> {
                s.rename(from, to, overwrite);
                return null;
            });
        }
        if (!main.quiet()) {
            out().println("renamed " + from + " -> " + to);
        }
    }
}
