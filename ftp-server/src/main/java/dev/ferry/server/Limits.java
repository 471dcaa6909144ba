package dev.ferry.server;

import java.time.Duration;

/**
 * Every bound the server enforces, in one place (PROTOCOL.md §4 and §2). The defaults are
 * the protocol's; each has a command-line flag and a {@code FERRY_*} variable.
 *
 * @param handshakeTimeout        whole handshake, hello to signature
 * @param idleTimeout             no request from an authenticated client
 * @param bodyStallTimeout        no byte of an upload body (or no progress of a download)
 * @param maxConnections          connections in total
 * @param maxUnauthenticatedPerAddress unauthenticated connections from one source address
 * @param maxSessionsPerUser      authenticated sessions of one user
 * @param authFailureLimit        failed logins from one address within {@code authFailureWindow} before it is blocked
 * @param authFailureWindow       window for counting failures, and how long a block lasts after the last one
 * @param partialExpiry           age after which an abandoned partial upload is deleted
 * @param shutdownGrace           how long running transfers may finish after SIGTERM
 * @param iterations              PBKDF2 iterations for new passwords and for unknown users' challenges. 4096, the
 *                                RFC 7677 minimum and PostgreSQL's SCRAM default: a client pays them on every
 *                                login in a cold JVM (~75-150 ms at 4096, ~170-400 ms at 16384, measured
 *                                here), while they only slow an attacker who already stole the users file.
 */
public record Limits(
        Duration handshakeTimeout,
        Duration idleTimeout,
        Duration bodyStallTimeout,
        int maxConnections,
        int maxUnauthenticatedPerAddress,
        int maxSessionsPerUser,
        int authFailureLimit,
        Duration authFailureWindow,
        Duration partialExpiry,
        Duration shutdownGrace,
        int iterations) {

    public static final Limits DEFAULTS = new Limits(
            Duration.ofSeconds(10),
            Duration.ofSeconds(300),
            Duration.ofSeconds(60),
            10_000,
            64,
            32,
            10,
            Duration.ofSeconds(60),
            Duration.ofHours(24),
            Duration.ofSeconds(10),
            4096);

    public Limits {
        requirePositive(handshakeTimeout, "handshake timeout");
        requirePositive(idleTimeout, "idle timeout");
        requirePositive(bodyStallTimeout, "body stall timeout");
        requirePositive(authFailureWindow, "auth failure window");
        requirePositive(partialExpiry, "partial expiry");
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("shutdown grace must not be negative");
        }
        if (maxConnections < 1 || maxUnauthenticatedPerAddress < 1 || maxSessionsPerUser < 1 || authFailureLimit < 1) {
            throw new IllegalArgumentException("connection and login limits must be at least 1");
        }
        if (iterations < 4096 || iterations > 10_000_000) {
            throw new IllegalArgumentException("iterations must be between 4096 and 10,000,000 (clients refuse others)");
        }
    }

    private static void requirePositive(Duration d, String what) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
    }
}
