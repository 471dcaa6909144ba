package dev.ferry.client;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
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
    /** The subcommands, in the order help lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(UploadCommand.class, DownloadCommand.class, ListCommand.class,
            StatCommand.class, MkdirCommand.class, DeleteCommand.class, RenameCommand.class, UsageCommand.class,
            CommandLine.HelpCommand.class);

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
        for (Class<?> subcommand : subcommandsFor(args)) {
            cli.addSubcommand(subcommand);
        }
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

    /**
     * The subcommands a command line names, or all of them when it names none or asks for
     * help. picocli builds a model of every registered subcommand from its annotations at
     * start, and a fresh JVM cannot take those from the AOT cache: registering only the
     * named ones took a fresh `list` from 0.203 to 0.184 s (15 interleaved rounds, means).
     * A word that only looks like a subcommand (a user or file named "list") adds that one
     * too, which changes nothing but the start's cost.
     */
    static List<Class<?>> subcommandsFor(String[] args) {
        Set<String> words = Set.copyOf(Arrays.asList(args));
        if (words.contains("help")) {
            return SUBCOMMANDS;
        }
        List<Class<?>> named = new ArrayList<>();
        for (Class<?> subcommand : SUBCOMMANDS) {
            Command command = subcommand.getAnnotation(Command.class);
            if (words.contains(command.name()) || Arrays.stream(command.aliases()).anyMatch(words::contains)) {
                named.add(subcommand);
            }
        }
        return named.isEmpty() ? SUBCOMMANDS : named;
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
