package dev.ferry.server;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ftp-server user add|passwd|remove|list}: edits the users file a running server watches. */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage users (a running server sees changes at once).",
        subcommands = {UserCommands.Add.class, UserCommands.Passwd.class, UserCommands.Remove.class, UserCommands.ListUsers.class})
final class UserCommands {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");

    static boolean isValidName(String name) {
        return NAME.matcher(name).matches();
    }

    static class DataOption {
        @Option(names = "--data", paramLabel = "DIR", defaultValue = "ferry-data", description = "Server data directory (default: ${DEFAULT-VALUE}).")
        Path data;

        @Option(names = "--config", paramLabel = "FILE", description = "Properties file with defaults (read before parsing; see 'serve').")
        Path config;

        @Option(names = "--iterations", defaultValue = "4096", description = "PBKDF2 iterations (default: ${DEFAULT-VALUE}, as PostgreSQL's SCRAM).")
        int iterations;

        UserStore store() {
            return new UserStore(data.resolve("users"));
        }
    }

    static class PasswordSource {
        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean stdin;

        @Option(names = "--generate", description = "Generate a strong password and print it once.")
        boolean generate;
    }

    /** The new password: from stdin, generated, or asked twice on the terminal. */
    static String password(PasswordSource source, java.io.PrintWriter out) throws IOException {
        if (source != null && source.generate) {
            String password = Passwords.generate();
            out.println("password: " + password);
            return password;
        }
        if (source != null && source.stdin) {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new IllegalArgumentException("no password on standard input");
            }
            return line;
        }
        Console console = System.console();
        if (console == null) {
            throw new IllegalArgumentException("no terminal to ask for a password: use --password-stdin or --generate");
        }
        char[] first = console.readPassword("New password: ");
        char[] second = console.readPassword("Repeat it: ");
        if (first == null || second == null || !Arrays.equals(first, second)) {
            throw new IllegalArgumentException("the passwords differ");
        }
        return new String(first);
    }

    static void requireName(String name) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a valid user name (1-64 of A-Z a-z 0-9 . _ -, not starting with '.')");
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a user and create their home.",
            footer = {"", "Examples:", "  ftp-server user add alice --generate", "  echo 's3cret' | ftp-server user add bob --password-stdin --quota 10000000000"})
    static final class Add implements Callable<Integer> {
        @Parameters(paramLabel = "NAME") String name;
        @ArgGroup(exclusive = true) PasswordSource source;
        @Option(names = "--quota", paramLabel = "BYTES", description = "Most bytes the user may store.") Long quota;
        @Option(names = "--read-only", description = "May only list, stat and download.") boolean readOnly;
        @picocli.CommandLine.Mixin DataOption data;
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            requireName(name);
            if (data.store().find(name) != null) {
                throw new IllegalArgumentException("user '" + name + "' already exists (use 'user passwd' to change the password)");
            }
            User user = new User(name, Passwords.credentials(password(source, spec.commandLine().getOut()), data.iterations), quota, readOnly);
            data.store().update(users -> {
                if (users.putIfAbsent(name, user) != null) {
                    throw new IllegalArgumentException("user '" + name + "' already exists");
                }
                return users;
            });
            Files.createDirectories(data.data.resolve("homes").resolve(name));
            spec.commandLine().getOut().println("added user " + name);
            return 0;
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true, description = "Set a user's password.")
    static final class Passwd implements Callable<Integer> {
        @Parameters(paramLabel = "NAME") String name;
        @ArgGroup(exclusive = true) PasswordSource source;
        @picocli.CommandLine.Mixin DataOption data;
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            User old = data.store().find(name);
            if (old == null) {
                throw new IllegalArgumentException("no user '" + name + "'");
            }
            var credentials = Passwords.credentials(password(source, spec.commandLine().getOut()), data.iterations);
            data.store().update(users -> {
                users.computeIfPresent(name, (n, u) -> new User(n, credentials, u.quotaBytes(), u.readOnly()));
                return users;
            });
            spec.commandLine().getOut().println("password changed for " + name);
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove a user. Their files stay in homes/NAME until you delete them.")
    static final class Remove implements Callable<Integer> {
        @Parameters(paramLabel = "NAME") String name;
        @picocli.CommandLine.Mixin DataOption data;
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (data.store().find(name) == null) {
                throw new IllegalArgumentException("no user '" + name + "'");
            }
            data.store().update(users -> {
                users.remove(name);
                return users;
            });
            spec.commandLine().getOut().println("removed user " + name + " (files kept in " + data.data.resolve("homes").resolve(name) + ")");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List users.")
    static final class ListUsers implements Callable<Integer> {
        @picocli.CommandLine.Mixin DataOption data;
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            for (User u : data.store().all()) {
                spec.commandLine().getOut().println(u.name() + "\t" + (u.readOnly() ? "read-only" : "read-write") + "\t"
                        + (u.quotaBytes() == null ? "no quota" : "quota " + u.quotaBytes() + " bytes"));
            }
            return 0;
        }
    }
}
