package dev.ferry.client;

import dev.ferry.protocol.Entry;
import dev.ferry.protocol.FileType;
import dev.ferry.protocol.JsonText;
import dev.ferry.protocol.RemotePath;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

final class ListCommand extends ClientCommand {
    static final Names NAMES = new Names("list", List.of("ls"));

    /** Built with the command, not with the class: other commands read NAMES, and only `list` prints times. */
    private final DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final PositionalParamSpec remote = CommandSpecs.positional("REMOTE", "0..1").defaultValue("")
            .description("Remote path (default: your home).").build();
    private final OptionSpec json = CommandSpecs.flag("One JSON array of {name,type,size,mtime}.", "--json");

    ListCommand(ClientMain main) {
        super(main, NAMES, List.of("List a remote directory (or one file)."),
                List.of("", "Examples:", "  ftp-client list", "  ftp-client ls backups/2024", "  ftp-client list --json | jq '.[].name'"));
        spec.addPositional(remote).addOption(json);
    }

    @Override
    void execute() throws Exception {
        String remote = this.remote.getValue();
        List<Entry> entries;
        try (FerrySession session = open()) {
            entries = SessionCall.on(session, remote, s -> s.list(remote));
        }
        if (CommandSpecs.isSet(json)) {
            out().println(JsonText.ofEntries(entries));
            return;
        }
        for (Entry e : entries) {
            String name = RemotePath.printable(e.name()) + (e.type() == FileType.DIRECTORY ? "/" : "");
            out().printf("%s %15d  %s  %s%n", e.type() == FileType.DIRECTORY ? "d" : "-", e.size(), time.format(e.mtime()), name);
        }
    }
}
