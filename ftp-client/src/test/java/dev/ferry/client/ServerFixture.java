package dev.ferry.client;

import dev.ferry.server.EventLog;
import dev.ferry.server.FerryServer;
import dev.ferry.server.Limits;
import dev.ferry.server.ServerConfig;
import dev.ferry.server.ServerMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real in-process server with user alice, whose password sits in a file for --password-file. */
final class ServerFixture implements AutoCloseable {
    final Path data;
    final Path passwordFile;
    final FerryServer server;

    ServerFixture(Path dir) throws Exception {
        this(dir, false);
    }

    ServerFixture(Path dir, boolean tls) throws Exception {
        data = dir.resolve("server-data");
        StringWriter out = new StringWriter();
        int exit = ServerMain.run(new String[] {"user", "add", "alice", "--generate", "--iterations", "4096", "--data", data.toString()},
                new PrintWriter(out), new PrintWriter(new StringWriter()));
        if (exit != 0) {
            throw new IllegalStateException("user add failed: " + out);
        }
        String password = out.toString().lines().filter(l -> l.startsWith("password: ")).findFirst().orElseThrow().substring(10);
        passwordFile = Files.writeString(dir.resolve("password"), password + "\n");
        server = FerryServer.start(new ServerConfig(data, InetAddress.getLoopbackAddress(), 0, Limits.DEFAULTS, tls),
                new EventLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), EventLog.Level.WARN));
    }

    int port() {
        return server.address().getPort();
    }

    Path home() {
        return data.resolve("homes/alice");
    }

    Cli.Result cli(String... args) {
        return Cli.run(port(), passwordFile.toString(), args);
    }

    @Override
    public void close() {
        server.stop();
    }
}
