package dev.ferry.client;

import dev.ferry.protocol.ErrorCode;

/** One exit code per class of failure; the table is in the README. */
enum ExitCode {
    OK(0),
    OTHER(1),
    USAGE(2),
    CONNECTION(3),
    AUTHENTICATION(4),
    NOT_FOUND(5),
    EXISTS(6),
    CHECKSUM(7),
    SPACE(8);

    final int value;

    ExitCode(int value) {
        this.value = value;
    }

    static ExitCode of(ErrorCode code) {
        return switch (code) {
            case AUTH_FAILED, RATE_LIMITED, AUTH_REQUIRED -> AUTHENTICATION;
            case NOT_FOUND -> NOT_FOUND;
            case EXISTS -> EXISTS;
            case CHECKSUM_MISMATCH -> CHECKSUM;
            case QUOTA_EXCEEDED, NO_SPACE -> SPACE;
            case TOO_MANY_CONNECTIONS, TIMEOUT -> CONNECTION;
            default -> OTHER;
        };
    }
}
