package dev.ferry.client;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code ftp-client}: the Ferry command-line client. Results go to stdout, progress and
 * messages to stderr; exit codes are decided here, once, from {@link ClientFailure}.
 */
public final class ClientMain {
    /** A subcommand: its names, known before it is built, and how to build it. */
    private record Subcommand(ClientCommand.Names names, Function<ClientMain, ClientCommand> create) {
    }

    /** The subcommands, in the order help lists them. */
    private static final List<Subcommand> SUBCOMMANDS = List.of(
            new Subcommand(UploadCommand.NAMES, UploadCommand::new),
            new Subcommand(DownloadCommand.NAMES, DownloadCommand::new),
            new Subcommand(ListCommand.NAMES, ListCommand::new),
            new Subcommand(StatCommand.NAMES, StatCommand::new),
            new Subcommand(MkdirCommand.NAMES, MkdirCommand::new),
            new Subcommand(DeleteCommand.NAMES, DeleteCommand::new),
            new Subcommand(RenameCommand.NAMES, RenameCommand::new),
            new Subcommand(UsageCommand.NAMES, UsageCommand::new));

    final ConnectionOptions connection = new ConnectionOptions();
    private final OptionSpec quiet = CommandSpecs.inheritedFlag("No progress and no summary; errors only.", "-q", "--quiet");
    private final OptionSpec debug = CommandSpecs.inheritedFlag("Show stack traces with errors.", "--debug");

    /**
     * Ends with {@code halt}, not {@code exit}: the client registers no shutdown hook, and
     * {@code System.exit} first looks up a logger for "java.lang.Runtime", which in a fresh
     * JVM starts the logging framework and a service-loader scan of the runtime image: ~2 ms
     * of every command (a fresh {@code list}, 60 and 80 interleaved rounds, bench/RESULTS.md).
     */
    public static void main(String[] args) {
        StartupWarmup.start();
        int exit = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(exit);
    }

    /** Runs the CLI as the real entry point does; tests call this with captured streams. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        ClientMain main = new ClientMain();
        CommandLine cli = new CommandLine(main.spec());
        addSubcommands(cli, main, args);
        cli.setOut(out).setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            ExitCode code = e instanceof ClientFailure f ? f.exitCode : ExitCode.OTHER;
            String message = e instanceof ClientFailure ? e.getMessage() : "unexpected error: " + e;
            commandLine.getErr().println("ftp-client: " + message);
            if (main.debug()) {
                e.printStackTrace(commandLine.getErr());
            }
            return code.value;
        });
        int exit = cli.execute(args);
        out.flush();
        err.flush();
        return exit;
    }

    private CommandSpec spec() {
        CommandSpec spec = CommandSpecs.command(this, "ftp-client", List.of(),
                List.of("Move files to and from a Ferry server, verified end to end with SHA-256."),
                List.of("", "Password: FERRY_PASSWORD, --password-file FILE, or a prompt on a terminal (never on the command line).",
                        "Exit codes: 0 ok, 1 other, 2 usage, 3 connection, 4 authentication, 5 not found, 6 exists,",
                        "            7 checksum, 8 quota or disk space.",
                        "", "Examples:",
                        "  export FERRY_HOST=files.example.com FERRY_USER=alice",
                        "  ftp-client upload report.pdf                 # into your home",
                        "  ftp-client upload -r photos/ backups/        # a whole tree",
                        "  ftp-client download backups/photos -r .      # and back",
                        "  ftp-client list backups"));
        spec.versionProvider(() -> new String[] {"ftp-client " + version() + " (protocol version 1, Java " + Runtime.version() + ")"});
        connection.addTo(spec);
        return spec.addOption(quiet).addOption(debug);
    }

    /**
     * The subcommands a command line names, or all of them and picocli's help command when it
     * names none or asks for help. Only those are built: building the seven others' specs
     * took a fresh client ~16 ms (-Xlog:class+init), and registering them ~6 ms more; a fresh
     * `list` registering every command took 129 ms instead of 123, and 185 instead of 135 with
     * the help command, which is annotated (CommandSpecs says why that costs; 40 interleaved
     * rounds each, means). A word that only looks like a subcommand (a user or file named
     * "list") adds that one too, which changes nothing but the start's cost.
     */
    static void addSubcommands(CommandLine cli, ClientMain main, String[] args) {
        Set<String> words = Set.copyOf(Arrays.asList(args));
        List<Subcommand> named = SUBCOMMANDS.stream().filter(sub -> sub.names().anyIn(words)).toList();
        boolean everyCommand = named.isEmpty() || words.contains("help");
        for (Subcommand sub : everyCommand ? SUBCOMMANDS : named) {
            cli.addSubcommand(sub.create().apply(main).spec);
        }
        if (everyCommand) {
            cli.addSubcommand(new CommandLine.HelpCommand());
        }
    }

    boolean quiet() {
        return CommandSpecs.isSet(quiet);
    }

    boolean debug() {
        return CommandSpecs.isSet(debug);
    }

    static String version() {
        String version = ClientMain.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
