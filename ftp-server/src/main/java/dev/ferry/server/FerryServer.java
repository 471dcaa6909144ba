package dev.ferry.server;

import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.FrameWriter;
import dev.ferry.protocol.MessageCodec;
import dev.ferry.protocol.Response;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The listening server: one virtual thread per connection, plain blocking I/O. A connection
 * permit is taken before {@code accept()} and released in the connection's one
 * {@code finally}; connections over a limit get their error frame and a close without
 * waiting for the client to speak (PROTOCOL.md §4).
 *
 * <p>Shutdown has three steps: stop accepting and close idle connections; let running
 * operations finish within the grace period; then close what is left (a partial upload is
 * kept for resume).
 */
public final class FerryServer implements AutoCloseable {
    static final String SERVER_NAME = "ftp-server/" + Version.get();

    private final ServerConfig config;
    private final EventLog log;
    private final ServerSocketChannel listener;
    private final Semaphore permits;
    private final Map<Connection, Thread> connections = new ConcurrentHashMap<>();
    private final Map<InetAddress, AtomicInteger> unauthenticated = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> sessionsPerUser = new ConcurrentHashMap<>();
    private final UserStore users;
    private final Authenticator authenticator;
    private final LoginThrottle throttle;
    private final PartialUploads partials;
    private final FileHashes hashes = new FileHashes();
    private final HomeUsage usage = new HomeUsage();
    private final TlsIdentity tls;
    private final ScheduledExecutorService housekeeping;
    private final Thread acceptor;
    private volatile boolean stopping;

    private FerryServer(ServerConfig config, EventLog log) throws IOException {
        this.config = config;
        this.log = log;
        Files.createDirectories(config.homesDir());
        Files.createDirectories(config.partialsDir());
        this.users = new UserStore(config.usersFile());
        byte[] secret = ServerSecret.loadOrCreate(config.secretFile());
        this.authenticator = new Authenticator(users, secret, config.limits().iterations());
        this.tls = config.tls() ? TlsIdentity.loadOrCreate(config.dataDir(), secret) : null;
        this.throttle = new LoginThrottle(config.limits().authFailureLimit(), config.limits().authFailureWindow());
        this.partials = new PartialUploads(config.partialsDir(), config.limits().partialExpiry());
        int swept = partials.sweep();
        if (swept > 0) {
            log.info("partials-swept", "count", swept);
        }
        this.permits = new Semaphore(config.limits().maxConnections());
        this.listener = ServerSocketChannel.open();
        listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        listener.bind(new InetSocketAddress(config.bind(), config.port()), 1024);
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("ferry-housekeeping").factory());
        housekeeping.scheduleWithFixedDelay(this::stopStalledBodies, 1, 1, TimeUnit.SECONDS);
        housekeeping.scheduleWithFixedDelay(throttle::sweep, 1, 1, TimeUnit.MINUTES);
        housekeeping.scheduleWithFixedDelay(this::sweepPartials, 10, 10, TimeUnit.MINUTES);
        this.acceptor = Thread.ofVirtual().name("ferry-accept").unstarted(this::acceptLoop);
    }

    /** Binds and starts accepting. */
    public static FerryServer start(ServerConfig config, EventLog log) throws IOException {
        FerryServer server = new FerryServer(config, log);
        server.acceptor.start();
        return server;
    }

    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) listener.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("listener is closed", e);
        }
    }

    private void acceptLoop() {
        while (!stopping) {
            boolean permitted = permits.tryAcquire();
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (ClosedChannelException e) {
                if (permitted) {
                    permits.release();
                }
                return;
            } catch (IOException e) {
                if (permitted) {
                    permits.release();
                }
                log.warn("accept-failed", e);
                continue;
            }
            if (stopping) {
                // Accepted in the instant the listener was closing: not served.
                if (permitted) {
                    permits.release();
                }
                closeQuietly(channel);
                return;
            }
            if (!permitted) {
                refuse(channel, "the server has too many connections; try again later");
                continue;
            }
            InetAddress address = ((InetSocketAddress) channel.socket().getRemoteSocketAddress()).getAddress();
            AtomicInteger fromAddress = unauthenticated.computeIfAbsent(address, a -> new AtomicInteger());
            if (fromAddress.incrementAndGet() > config.limits().maxUnauthenticatedPerAddress()) {
                fromAddress.decrementAndGet();
                permits.release();
                refuse(channel, "too many connections from your address are still logging in");
                continue;
            }
            try {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                Connection connection = new Connection(this, new Wire(channel, tls == null ? null : tls.wrap(channel.socket())), address);
                Thread thread = Thread.ofVirtual().name("ferry-conn").unstarted(() -> {
                    try {
                        connection.run();
                    } finally {
                        permits.release();
                    }
                });
                connections.put(connection, thread);
                thread.start();
            } catch (IOException | RuntimeException e) {
                log.warn("connection-setup-failed", e);
                fromAddress.decrementAndGet();
                permits.release();
                closeQuietly(channel);
            }
        }
    }

    /** Sends TOO_MANY_CONNECTIONS without ever blocking the accept loop, then closes. */
    private void refuse(SocketChannel channel, String message) {
        try {
            channel.configureBlocking(false);
            channel.write(ByteBuffer.wrap(FrameWriter.frame(MessageCodec.encode(
                    new Response.Error(ErrorCode.TOO_MANY_CONNECTIONS, message)))));
        } catch (IOException ignored) {
            // the peer is gone already
        }
        log.debug("refused", "addr", channel.socket().getRemoteSocketAddress(), "error", ErrorCode.TOO_MANY_CONNECTIONS);
        closeQuietly(channel);
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to release
        }
    }

    // ---- called by connections ----

    EventLog log() {
        return log;
    }

    Limits limits() {
        return config.limits();
    }

    LoginThrottle throttle() {
        return throttle;
    }

    Authenticator authenticator() {
        return authenticator;
    }

    /** null on plain TCP. */
    TlsIdentity tls() {
        return tls;
    }

    boolean isStopping() {
        return stopping;
    }

    /** The connection logged in: it no longer counts as unauthenticated for its address. */
    void authenticated(Connection connection) {
        decrementUnauthenticated(connection);
    }

    /** Counts a new session of the user; false (nothing counted) when the user is at the limit. */
    boolean sessionStarted(String user) {
        AtomicInteger count = sessionsPerUser.computeIfAbsent(user, u -> new AtomicInteger());
        if (count.incrementAndGet() > config.limits().maxSessionsPerUser()) {
            count.decrementAndGet();
            return false;
        }
        return true;
    }

    Session openSession(User user) throws IOException {
        Path home = Files.createDirectories(config.homesDir().resolve(user.name()));
        return Session.open(user, home.toRealPath(), partials, hashes, usage, config.limits());
    }

    void connectionEnded(Connection connection, User user) {
        connections.remove(connection);
        if (user != null) {
            AtomicInteger count = sessionsPerUser.get(user.name());
            if (count != null) {
                count.decrementAndGet();
            }
        } else if (!connection.isAuthenticated()) {
            decrementUnauthenticated(connection);
        }
    }

    private void decrementUnauthenticated(Connection connection) {
        AtomicInteger count = unauthenticated.get(connection.address());
        if (count != null && count.decrementAndGet() <= 0) {
            unauthenticated.remove(connection.address(), count);
        }
    }

    // ---- housekeeping ----

    private void stopStalledBodies() {
        long now = System.nanoTime();
        for (Connection connection : connections.keySet()) {
            if (connection.wire().stalled(config.limits().bodyStallTimeout(), now)) {
                log.debug("body-stalled", "addr", connection.wire().remote());
                connection.wire().stopStalledBody();
            }
        }
    }

    private void sweepPartials() {
        try {
            int swept = partials.sweep();
            if (swept > 0) {
                log.info("partials-swept", "count", swept);
            }
        } catch (IOException e) {
            log.warn("partials-sweep-failed", e);
        }
    }

    // ---- shutdown ----

    /**
     * Stops accepting, closes idle connections, waits up to the grace period for running
     * operations, then closes the rest. Returns when every connection has ended.
     */
    public void stop() {
        if (stopping) {
            awaitConnections(5_000);
            return;
        }
        stopping = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // already closed
        }
        try {
            // The listening socket is released only once the accepting thread leaves accept():
            // wait for it, so that when stop() returns nothing more can connect.
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Connection connection : connections.keySet()) {
            if (!connection.isBusy()) {
                connection.wire().shutdownInput();
            }
        }
        int running = connections.size();
        boolean clean = awaitConnections(config.limits().shutdownGrace().toMillis());
        if (!clean) {
            log.info("shutdown-aborting", "connections", connections.size());
            for (Connection connection : connections.keySet()) {
                connection.wire().close();
            }
            awaitConnections(5_000);
        }
        housekeeping.shutdownNow();
        log.info("stopped", "connections-at-stop", running, "aborted", clean ? 0 : null);
    }

    private boolean awaitConnections(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        for (Thread thread : connections.values()) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return connections.isEmpty();
            }
            try {
                thread.join(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return connections.isEmpty();
            }
        }
        return connections.isEmpty();
    }

    @Override
    public void close() {
        stop();
    }
}
