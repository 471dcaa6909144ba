package dev.ferry.client;

import dev.ferry.protocol.JsonText;
import dev.ferry.protocol.Response;
import java.util.List;
import picocli.CommandLine.Model.OptionSpec;

final class UsageCommand extends ClientCommand {
    static final Names NAMES = new Names("usage", List.of("df"));

    private final OptionSpec json = CommandSpecs.flag("The server's answer as JSON.", "--json");

    UsageCommand(ClientMain main) {
        super(main, NAMES, List.of("Show how much you store and your quota."),
                List.of("", "Example:", "  ftp-client usage --json"));
        spec.addOption(json);
    }

    @Override
    void execute() throws Exception {
        Response.UsageOk usage;
        try (FerrySession session = open()) {
            usage = SessionCall.on(session, "usage", FerrySession::usage);
        }
        if (CommandSpecs.isSet(json)) {
            out().println(JsonText.of(usage));
            return;
        }
        out().println("user:   " + usage.user());
        out().println("files:  " + usage.files());
        out().println("bytes:  " + usage.bytes() + " (" + Units.bytes(usage.bytes()) + ")");
        out().println("quota:  " + (usage.quotaBytes() == null ? "none"
                : usage.quotaBytes() + " (" + Units.bytes(usage.quotaBytes()) + ", "
                + Units.bytes(Math.max(0, usage.quotaBytes() - usage.bytes())) + " left)"));
    }
}
