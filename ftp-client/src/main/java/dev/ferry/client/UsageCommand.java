package dev.ferry.client;

import dev.ferry.protocol.JsonText;
import dev.ferry.protocol.Response;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "usage", aliases = "df", mixinStandardHelpOptions = true, description = "Show how much you store and your quota.",
        footer = {"", "Example:", "  ftp-client usage --json"})
final class UsageCommand extends ClientCommand {
    @Option(names = "--json", description = "The server's answer as JSON.")
    boolean json;

    @Override
    void execute() throws Exception {
        Response.UsageOk usage;
        try (FerrySession session = open()) {
            usage = SessionCall.on(session, "usage", FerrySession::usage);
        }
        if (json) {
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
