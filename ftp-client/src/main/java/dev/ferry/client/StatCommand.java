package dev.ferry.client;

import dev.ferry.protocol.JsonText;
import dev.ferry.protocol.RemotePath;
import dev.ferry.protocol.Response;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "stat", mixinStandardHelpOptions = true, description = "Show one remote file or directory.",
        footer = {"", "Example:", "  ftp-client stat backups/db.tar.gz"})
final class StatCommand extends ClientCommand {
    @Parameters(paramLabel = "REMOTE")
    String remote;

    @Option(names = "--json", description = "The server's answer as JSON.")
    boolean json;

    @Override
    void execute() throws Exception {
        Response.StatOk stat;
        try (FerrySession session = open()) {
            stat = SessionCall.on(session, remote, s -> s.stat(remote));
        }
        if (json) {
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
