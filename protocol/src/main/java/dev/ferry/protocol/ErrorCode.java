package dev.ferry.protocol;

/**
 * Every error a Ferry peer can put on the wire (PROTOCOL.md §6), with whether the server
 * always closes the connection after sending it. Other codes keep the session going, except
 * where the context says otherwise (errors before authentication, a failure while a body is
 * in flight).
 */
public enum ErrorCode {
    BAD_FRAME(true),
    BAD_REQUEST(false),
    UNSUPPORTED_VERSION(true),
    AUTH_REQUIRED(true),
    AUTH_FAILED(true),
    RATE_LIMITED(true),
    INVALID_PATH(false),
    NOT_FOUND(false),
    EXISTS(false),
    NOT_EMPTY(false),
    IS_A_DIRECTORY(false),
    NOT_A_DIRECTORY(false),
    FORBIDDEN(false),
    LOCKED(false),
    QUOTA_EXCEEDED(false),
    CHECKSUM_MISMATCH(false),
    NO_SPACE(false),
    TOO_MANY_CONNECTIONS(true),
    TIMEOUT(true),
    INTERNAL(true);

    private final boolean alwaysCloses;

    ErrorCode(boolean alwaysCloses) {
        this.alwaysCloses = alwaysCloses;
    }

    /** True when the server closes the connection after this error whatever the state. */
    public boolean alwaysCloses() {
        return alwaysCloses;
    }

    /** The code named on the wire, or {@code null} when the name is not one of ours. */
    public static ErrorCode fromWire(String name) {
        for (ErrorCode code : values()) {
            if (code.name().equals(name)) {
                return code;
            }
        }
        return null;
    }
}
