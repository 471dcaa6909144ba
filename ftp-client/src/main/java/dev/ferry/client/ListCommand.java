package dev.ferry.client;

import dev.ferry.protocol.Entry;
import dev.ferry.protocol.FileType;
import dev.ferry.protocol.JsonText;
import dev.ferry.protocol.RemotePath;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true, description = "List a remote directory (or one file).",
        footer = {"", "Examples:", "  ftp-client list", "  ftp-client ls backups/2024", "  ftp-client list --json | jq '.[].name'"})
final class ListCommand extends ClientCommand {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @Parameters(paramLabel = "REMOTE", arity = "0..1", defaultValue = "", description = "Remote path (default: your home).")
    String remote;

    @Option(names = "--json", description = "One JSON array of {name,type,size,mtime}.")
    boolean json;

    @Override
    void execute() throws Exception {
        List<Entry> entries;
        try (FerrySession session = open()) {
            entries = SessionCall.on(session, remote, s -> s.list(remote));
        }
        if (json) {
            out().println(JsonText.ofEntries(entries));
            return;
        }
        for (Entry e : entries) {
            String name = RemotePath.printable(e.name()) + (e.type() == FileType.DIRECTORY ? "/" : "");
            out().printf("%s %15d  %s  %s%n", e.type() == FileType.DIRECTORY ? "d" : "-", e.size(), TIME.format(e.mtime()), name);
        }
    }
}
