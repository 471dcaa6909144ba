package dev.ferry.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ftp-server}: serve (the default), manage users, or check health. Every option can
 * also come from a {@code FERRY_*} environment variable or a config file (properties, keys
 * are the long option names without dashes): flag, then environment, then file, then default.
 */
@Command(name = "ftp-server", mixinStandardHelpOptions = true, versionProvider = ServerMain.VersionProvider.class,
        description = "Ferry file-transfer server.%nWith no command, runs 'serve'.", footer = ServeCommand.FOOTER,
        subcommands = {ServeCommand.class, UserCommands.class, HealthCommand.class, CommandLine.HelpCommand.class})
public final class ServerMain implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Mixin
    ServeOptions options;

    @Override
    public Integer call() throws Exception {
        return options.serve();
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new ServerMain());
        cli.setOut(out).setErr(err);
        try {
            cli.setDefaultValueProvider(new EnvironmentDefaults(configFile(args)));
        } catch (IOException e) {
            err.println("ftp-server: cannot read the config file: " + e.getMessage());
            return 2;
        }
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("ftp-server: " + e.getMessage());
            if (System.getenv("FERRY_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cli.execute(args);
    }

    private static Properties configFile(String[] args) throws IOException {
        String path = System.getenv("FERRY_CONFIG");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                path = args[i + 1];
            } else if (args[i].startsWith("--config=")) {
                path = args[i].substring("--config=".length());
            }
        }
        Properties properties = new Properties();
        if (path != null) {
            try (InputStream in = Files.newInputStream(Path.of(path))) {
                properties.load(in);
            }
        }
        return properties;
    }

    /** Defaults from FERRY_PORT for --port, then the config file's "port", then the annotation. */
    static final class EnvironmentDefaults implements CommandLine.IDefaultValueProvider {
        private final Properties file;

        EnvironmentDefaults(Properties file) {
            this.file = file;
        }

        @Override
        public String defaultValue(CommandLine.Model.ArgSpec argSpec) {
            if (!(argSpec instanceof CommandLine.Model.OptionSpec option) || !option.longestName().startsWith("--")) {
                return null;
            }
            String key = option.longestName().substring(2);
            String fromEnv = System.getenv("FERRY_" + key.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
            if (fromEnv != null && !fromEnv.isEmpty()) {
                return fromEnv;
            }
            return file.getProperty(key);
        }
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ftp-server " + Version.get() + " (protocol version 1, Java " + Runtime.version() + ")"};
        }
    }
}
