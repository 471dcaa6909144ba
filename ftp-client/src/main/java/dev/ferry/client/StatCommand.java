package dev.ferry.client;

import dev.ferry.protocol.JsonText;
import dev.ferry.protocol.RemotePath;
import dev.ferry.protocol.Response;
import java.util.List;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

final class StatCommand extends ClientCommand {
    static final Names NAMES = new Names("stat", List.of());

    private final PositionalParamSpec remote = CommandSpecs.positional("REMOTE", "1").build();
    private final OptionSpec json = CommandSpecs.flag("The server's answer as JSON.", "--json");

    StatCommand(ClientMain main) {
        super(main, NAMES, List.of("Show one remote file or directory."),
                List.of("", "Example:", "  ftp-client stat backups/db.tar.gz"));
        spec.addPositional(remote).addOption(json);
    }

    @Override
    void execute() throws Exception {
        String remote = this.remote.getValue();
        Response.StatOk stat;
        try (FerrySession session = open()) {
            stat = SessionCall.on(session, remote, s -> s.stat(remote));
        }
        if (CommandSpecs.isSet(json)) {
            out().println(JsonText.of(stat));
            return;
        }
        out().println("name:   " + RemotePath.printable(stat.name()));
        out().println("type:   " + stat.type().wireName());
        out().println("size:   " + stat.size() + " (" + Units.bytes(stat.size()) + ")");
        out().println("mtime:  " + stat.mtime());
        if (stat.sha256() != null) {
            out().println("sha256: " + stat.sha256());
        }
    }
}
