package dev.ferry.protocol;

import java.util.List;

/**
 * A failure that has a wire code: thrown by decoders and operations, answered by the
 * connection loop as an error response.
 */
public final class ProtocolException extends Exception {
    private final ErrorCode code;
    private final Long retryAfterSeconds;
    private final List<Integer> versions;

    public ProtocolException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    private ProtocolException(ErrorCode code, String message, Long retryAfterSeconds, List<Integer> versions) {
        super(message, null, false, false); // a wire answer, not a bug: no stack trace to fill
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
        this.versions = versions;
    }

    public static ProtocolException retryAfter(ErrorCode code, String message, long seconds) {
        return new ProtocolException(code, message, seconds, null);
    }

    public static ProtocolException unsupportedVersion(List<Integer> supported) {
        return new ProtocolException(ErrorCode.UNSUPPORTED_VERSION,
                "protocol version not supported; this server speaks " + supported, null, List.copyOf(supported));
    }

    /** Rebuilds the exception a peer's error response describes. */
    public static ProtocolException of(Response.Error error) {
        return new ProtocolException(error.code(), error.message(), error.retryAfter(), error.versions());
    }

    public ErrorCode code() {
        return code;
    }

    public Response.Error toResponse() {
        return new Response.Error(code, getMessage(), retryAfterSeconds, versions);
    }
}
