package dev.ferry.server;

import java.net.InetAddress;
import java.nio.file.Path;

/**
 * What a server instance needs to start.
 *
 * @param dataDir holds {@code homes/}, {@code partials/}, the users file and the server secret
 * @param bind    address to listen on
 * @param port    port to listen on; 0 picks a free one (tests)
 * @param tls     speak TLS 1.3 with channel-bound logins (PROTOCOL.md §7); the identity is made
 *                on first start under {@code tls/}
 */
public record ServerConfig(Path dataDir, InetAddress bind, int port, Limits limits, boolean tls) {
    public static final int DEFAULT_PORT = 2121;

    /** A plain-TCP server. */
    public ServerConfig(Path dataDir, InetAddress bind, int port, Limits limits) {
        this(dataDir, bind, port, limits, false);
    }

    public Path homesDir() {
        return dataDir.resolve("homes");
    }

    public Path partialsDir() {
        return dataDir.resolve("partials");
    }

    public Path usersFile() {
        return dataDir.resolve("users");
    }

    public Path secretFile() {
        return dataDir.resolve("server.secret");
    }
}
