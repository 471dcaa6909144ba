package dev.ferry.server;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Option;

/** The options of 'serve', shared by the top-level command (which serves when given no command). */
class ServeOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with defaults for any option.")
    Path configFile;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "ferry-data",
            description = "Holds homes, partial uploads, the users file and the server secret (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--port", defaultValue = "2121", description = "TCP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--tls", description = "Speak TLS 1.3 with logins bound to the server's certificate (made on first start, kept in DATA/tls).")
    boolean tls;

    @Option(names = "--log-level", defaultValue = "INFO", description = "DEBUG, INFO or WARN (default: ${DEFAULT-VALUE}).")
    EventLog.Level logLevel;

    @Option(names = "--handshake-timeout", defaultValue = "10s", converter = DurationConverter.class, description = "Whole login (default: ${DEFAULT-VALUE}).")
    Duration handshakeTimeout;

    @Option(names = "--idle-timeout", defaultValue = "300s", converter = DurationConverter.class, description = "Authenticated connection with no request (default: ${DEFAULT-VALUE}).")
    Duration idleTimeout;

    @Option(names = "--stall-timeout", defaultValue = "60s", converter = DurationConverter.class, description = "Upload or download body making no progress (default: ${DEFAULT-VALUE}).")
    Duration stallTimeout;

    @Option(names = "--max-connections", defaultValue = "10000", description = "Connections in total (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--max-unauthenticated-per-address", defaultValue = "64", description = "Connections still logging in from one address (default: ${DEFAULT-VALUE}).")
    int maxUnauthenticatedPerAddress;

    @Option(names = "--max-sessions-per-user", defaultValue = "32", description = "Sessions of one user (default: ${DEFAULT-VALUE}).")
    int maxSessionsPerUser;

    @Option(names = "--auth-failure-limit", defaultValue = "10", description = "Failed logins from one address before it is blocked (default: ${DEFAULT-VALUE}).")
    int authFailureLimit;

    @Option(names = "--auth-failure-window", defaultValue = "60s", converter = DurationConverter.class, description = "Window for counting failures and length of a block (default: ${DEFAULT-VALUE}).")
    Duration authFailureWindow;

    @Option(names = "--partial-expiry", defaultValue = "24h", converter = DurationConverter.class, description = "Abandoned partial uploads are deleted after this (default: ${DEFAULT-VALUE}).")
    Duration partialExpiry;

    @Option(names = "--shutdown-grace", defaultValue = "10s", converter = DurationConverter.class, description = "Time running transfers get after SIGTERM (default: ${DEFAULT-VALUE}).")
    Duration shutdownGrace;

    @Option(names = "--iterations", defaultValue = "4096", description = "PBKDF2 iterations for new passwords and unknown users' challenges (default: ${DEFAULT-VALUE}).")
    int iterations;

    Limits limits() {
        return new Limits(handshakeTimeout, idleTimeout, stallTimeout, maxConnections, maxUnauthenticatedPerAddress,
                maxSessionsPerUser, authFailureLimit, authFailureWindow, partialExpiry, shutdownGrace, iterations);
    }

    int serve() throws Exception {
        warnIfFileNamesAreNotUtf8();
        ServerConfig config = new ServerConfig(data.toAbsolutePath(), InetAddress.getByName(bind), port, limits(), tls);
        EventLog log = new EventLog(System.err, logLevel);
        InitialUser.createIfNoUsers(config, System.out);
        FerryServer server = FerryServer.start(config, log);
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            log.info("stopping", "grace-ms", config.limits().shutdownGrace().toMillis());
            server.stop();
            stopped.countDown();
        };
        Signals.onTerminate(stop);
        System.out.println("ftp-server listening on " + bind + ":" + server.address().getPort() + (tls ? " (TLS)" : ""));
        System.out.flush();
        stopped.await();
        return 0;
    }

    private static void warnIfFileNamesAreNotUtf8() {
        String encoding = System.getProperty("sun.jnu.encoding", "");
        if (!encoding.equalsIgnoreCase("UTF-8")) {
            System.err.println("ftp-server: warning: file names are decoded as " + encoding
                    + ", not UTF-8; set LC_ALL=C.UTF-8 (bin/ftp-server and the image do) or non-ASCII names will fail");
        }
    }
}
