package dev.ferry.client;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code ftp-client}: the Ferry command-line client. Results go to stdout, progress and
 * messages to stderr; exit codes are decided here, once, from {@link ClientFailure}.
 */
@Command(name = "ftp-client", mixinStandardHelpOptions = true, versionProvider = ClientMain.VersionProvider.class,
        description = "Move files to and from a Ferry server, verified end to end with SHA-256.",
        subcommands = {UploadCommand.class, DownloadCommand.class, ListCommand.class, StatCommand.class,
                MkdirCommand.class, DeleteCommand.class, RenameCommand.class, UsageCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Password: FERRY_PASSWORD, --password-file FILE, or a prompt on a terminal (never on the command line).",
                "Exit codes: 0 ok, 1 other, 2 usage, 3 connection, 4 authentication, 5 not found, 6 exists,",
                "            7 checksum, 8 quota or disk space.",
                "", "Examples:",
                "  export FERRY_HOST=files.example.com FERRY_USER=alice",
                "  ftp-client upload report.pdf                 # into your home",
                "  ftp-client upload -r photos/ backups/        # a whole tree",
                "  ftp-client download backups/photos -r .      # and back",
                "  ftp-client list backups"})
public final class ClientMain {
    @Mixin
    ConnectionOptions connection;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT, description = "No progress and no summary; errors only.")
    boolean quiet;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Show stack traces with errors.")
    boolean debug;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI as the real entry point does; tests call this with captured streams. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        ClientMain main = new ClientMain();
        CommandLine cli = new CommandLine(main);
        cli.setOut(out).setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            ExitCode code = e instanceof ClientFailure f ? f.exitCode : ExitCode.OTHER;
            String message = e instanceof ClientFailure ? e.getMessage() : "unexpected error: " + e;
            commandLine.getErr().println("ftp-client: " + message);
            if (main.debug) {
                e.printStackTrace(commandLine.getErr());
            }
            return code.value;
        });
        int exit = cli.execute(args);
        out.flush();
        err.flush();
        return exit;
    }

    static String version() {
        String version = ClientMain.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ftp-client " + version() + " (protocol version 1, Java " + Runtime.version() + ")"};
        }
    }
}
