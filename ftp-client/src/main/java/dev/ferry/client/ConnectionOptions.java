package dev.ferry.client;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Where to connect and as whom; accepted before or after the command name. */
final class ConnectionOptions {
    @Option(names = {"-H", "--host"}, scope = ScopeType.INHERIT, defaultValue = "${env:FERRY_HOST:-localhost}",
            description = "Server host (env FERRY_HOST, default localhost).")
    String host;

    @Option(names = {"-P", "--port"}, scope = ScopeType.INHERIT, defaultValue = "${env:FERRY_PORT:-2121}",
            description = "Server port (env FERRY_PORT, default 2121).")
    int port;

    @Option(names = {"-u", "--user"}, scope = ScopeType.INHERIT, defaultValue = "${env:FERRY_USER}",
            description = "User name (env FERRY_USER, default: your login name).")
    String user;

    @Option(names = "--tls", scope = ScopeType.INHERIT, defaultValue = "${env:FERRY_TLS:-false}",
            description = "Use TLS 1.3; the login is bound to the server's certificate, so no CA is needed (env FERRY_TLS).")
    boolean tls;

    @Option(names = "--password-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Read the password from the first line of FILE. Otherwise FERRY_PASSWORD, else a prompt on a terminal.")
    Path passwordFile;

    String user() {
        return user != null && !user.isEmpty() ? user : System.getProperty("user.name");
    }

    Password password() throws ClientFailure {
        return new Password(secret());
    }

    private char[] secret() throws ClientFailure {
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
            char[] typed = console.readPassword("Password for %s@%s: ", user(), host);
            if (typed != null) {
                return typed;
            }
        }
        throw new ClientFailure(ExitCode.USAGE,
                "no password: set FERRY_PASSWORD, pass --password-file FILE, or run on a terminal to be asked");
    }

    FerrySession open(Password password) throws ClientFailure {
        return FerrySession.open(host, port, user(), password, tls);
    }
}
