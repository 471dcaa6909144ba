package dev.ferry.client;

import static dev.ferry.client.CommandSpecs.inherited;
import static dev.ferry.client.CommandSpecs.option;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Where to connect and as whom; accepted before or after the command name. */
final class ConnectionOptions {
    private final OptionSpec host = inherited(option(String.class, "<host>", "-H", "--host")
            .defaultValue("${env:FERRY_HOST:-localhost}").description("Server host (env FERRY_HOST, default localhost)."));
    private final OptionSpec port = inherited(option(int.class, "<port>", "-P", "--port")
            .defaultValue("${env:FERRY_PORT:-2121}").description("Server port (env FERRY_PORT, default 2121)."));
    private final OptionSpec user = inherited(option(String.class, "<user>", "-u", "--user")
            .defaultValue("${env:FERRY_USER}").description("User name (env FERRY_USER, default: your login name)."));
    private final OptionSpec tls = inherited(option(boolean.class, "<tls>", "--tls").defaultValue("${env:FERRY_TLS:-false}")
            .description("Use TLS 1.3; the login is bound to the server's certificate, so no CA is needed (env FERRY_TLS)."));
    private final OptionSpec passwordFile = inherited(option(Path.class, "FILE", "--password-file")
            .description("Read the password from the first line of FILE. Otherwise FERRY_PASSWORD, else a prompt on a terminal."));
    private final OptionSpec timeout = inherited(option(int.class, "<seconds>", "--timeout")
            .defaultValue("${env:FERRY_TIMEOUT:-" + FerrySession.DEFAULT_READ_TIMEOUT_SECONDS + "}")
            .description("Give up on a server that sends nothing for this long; an interrupted transfer resumes "
                    + "when run again (env FERRY_TIMEOUT, default ${DEFAULT-VALUE}: a large commit waits for the server's fsync)."));

    /** Adds these options to the top-level command, which hands them to every subcommand. */
    void addTo(CommandSpec command) {
        command.addOption(host).addOption(port).addOption(user).addOption(tls).addOption(passwordFile).addOption(timeout);
    }

    String host() {
        return host.getValue();
    }

    String user() {
        String name = user.getValue();
        return name != null && !name.isEmpty() ? name : System.getProperty("user.name");
    }

    Password password() throws ClientFailure {
        return new Password(secret());
    }

    private char[] secret() throws ClientFailure {
        Path passwordFile = this.passwordFile.getValue();
        if (passwordFile != null) {
            try {
                String content = Files.readString(passwordFile, StandardCharsets.UTF_8);
                int newline = content.indexOf('\n');
                return (newline < 0 ? content : content.substring(0, newline)).stripTrailing().toCharArray();
            } catch (IOException e) {
                throw new ClientFailure(ExitCode.USAGE, "cannot read the password file " + passwordFile + ": " + e.getMessage());
            }
        }
        String fromEnv = System.getenv("FERRY_PASSWORD");
        if (fromEnv != null) {
            return fromEnv.toCharArray();
        }
        Console console = System.console();
        if (console != null && Terminal.isInteractive()) {
            char[] typed = console.readPassword("Password for %s@%s: ", user(), host());
            if (typed != null) {
                return typed;
            }
        }
        throw new ClientFailure(ExitCode.USAGE,
                "no password: set FERRY_PASSWORD, pass --password-file FILE, or run on a terminal to be asked");
    }

    FerrySession open(Password password) throws ClientFailure {
        return open(password, false);
    }

    /** {@code onChannel}: a session for transfers, whose bodies may bypass the heap (FerrySession.open). */
    FerrySession open(Password password, boolean onChannel) throws ClientFailure {
        int port = this.port.getValue();
        int seconds = timeout.getValue();
        if (seconds < 1) {
            throw new ClientFailure(ExitCode.USAGE, "--timeout must be at least 1 second, not " + seconds);
        }
        return FerrySession.open(host(), port, user(), password,
                new FerrySession.Options(CommandSpecs.isSet(tls), onChannel, seconds));
    }
}
