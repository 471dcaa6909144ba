package dev.ferry.client;

import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.ProtocolException;

/** A failure the user sees as one sentence (what failed, why, what to do) and an exit code. */
final class ClientFailure extends Exception {
    final ExitCode exitCode;
    /** True when the connection can no longer be used (lost, closed by the server, or a body cut short). */
    final boolean brokeSession;

    ClientFailure(ExitCode exitCode, String message) {
        this(exitCode, message, null, false);
    }

    ClientFailure(ExitCode exitCode, String message, Throwable cause) {
        this(exitCode, message, cause, exitCode == ExitCode.CONNECTION);
    }

    ClientFailure(ExitCode exitCode, String message, Throwable cause, boolean brokeSession) {
        super(message, cause);
        this.exitCode = exitCode;
        this.brokeSession = brokeSession;
    }

    /** A server's error answer about {@code subject}, as a sentence with advice where there is some. */
    static ClientFailure fromServer(String subject, ProtocolException e) {
        String advice = switch (e.code()) {
            case EXISTS -> " (pass --overwrite to replace it)";
            case NOT_FOUND -> " (check the path with 'ftp-client list')";
            case QUOTA_EXCEEDED -> " (free space with 'ftp-client delete' or ask for a larger quota)";
            case AUTH_FAILED -> " (check the user name and password)";
            case LOCKED -> " (another upload of it is running; try again shortly)";
            case FORBIDDEN -> "";
            default -> "";
        };
        String prefix = subject == null || subject.isEmpty() ? "" : subject + ": ";
        boolean closes = e.code().alwaysCloses() || e.code() == ErrorCode.BAD_REQUEST || e.code() == ErrorCode.BAD_FRAME;
        return new ClientFailure(ExitCode.of(e.code()), prefix + e.getMessage() + advice, e, closes);
    }
}
