package dev.ferry.protocol;

import java.io.ByteArrayInputStream;
import java.io.EOFException;

/**
 * The decoder fuzz target, shared by the short run in the test suite ({@link DecoderFuzzTest})
 * and the long run of bench/fuzz-long.sh (Jazzer's command line, which calls
 * {@link #fuzzerTestOneInput}). The only acceptable outcomes are a request, a clean end, a
 * truncation, or a ProtocolException carrying BAD_FRAME or BAD_REQUEST.
 */
public final class DecoderFuzzTarget {
    private DecoderFuzzTarget() {
    }

    /** The first byte picks whether the rest is a stream of frames or one header's JSON. */
    public static void fuzzerTestOneInput(byte[] input) {
        if (input.length == 0) {
            return;
        }
        byte[] rest = java.util.Arrays.copyOfRange(input, 1, input.length);
        if ((input[0] & 1) == 0) {
            frames(rest);
        } else {
            header(rest);
        }
    }

    private static void frames(byte[] input) {
        FrameReader reader = new FrameReader(new ByteArrayInputStream(input));
        try {
            for (int i = 0; i < 4; i++) {
                Header header = reader.readHeader();
                if (header == null) {
                    return;
                }
                decode(header);
            }
        } catch (EOFException truncated) {
            // a frame cut short: the server closes quietly
        } catch (ProtocolException e) {
            requireFramingCode(e);
        } catch (java.io.IOException e) {
            throw new AssertionError("unexpected I/O failure on an in-memory stream", e);
        }
    }

    private static void header(byte[] json) {
        try {
            decode(Header.parse(json));
        } catch (ProtocolException e) {
            requireFramingCode(e);
        }
    }

    private static void decode(Header header) throws ProtocolException {
        Request request = header.toRequest();
        // Whatever decodes must encode again and decode to the same request.
        Request again = Header.parse(MessageCodec.encode(request)).toRequest();
        if (!again.equals(request)) {
            throw new AssertionError("round trip changed " + request + " into " + again);
        }
        for (String path : paths(request)) {
            try {
                RemotePath.parse(path);
            } catch (ProtocolException e) {
                if (e.code() != ErrorCode.INVALID_PATH) {
                    throw new AssertionError("path rules answered " + e.code(), e);
                }
            }
        }
    }

    private static String[] paths(Request request) {
        return switch (request) {
            case Request.ListFiles r -> new String[] {r.path()};
            case Request.Stat r -> new String[] {r.path()};
            case Request.Download r -> new String[] {r.path()};
            case Request.Upload r -> new String[] {r.path()};
            case Request.Mkdir r -> new String[] {r.path()};
            case Request.Delete r -> new String[] {r.path()};
            case Request.Rename r -> new String[] {r.path(), r.to()};
            default -> new String[0];
        };
    }

    private static void requireFramingCode(ProtocolException e) {
        if (e.code() != ErrorCode.BAD_FRAME && e.code() != ErrorCode.BAD_REQUEST) {
            throw new AssertionError("decoder answered " + e.code(), e);
        }
    }
}
