package dev.ferry.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.EOFException;

/**
 * Coverage-guided fuzzing of everything a peer's bytes reach before the server acts: the
 * frame reader, the strict header parser and the request decoder. The only acceptable
 * outcomes are a request, a clean end, a truncation, or a ProtocolException carrying
 * BAD_FRAME or BAD_REQUEST; anything else (another exception, another code) fails.
 */
class DecoderFuzzTest {

    /**
     * One target (Jazzer fuzzes one per JVM): the first byte picks whether the rest is a
     * stream of frames or a single header's JSON, so both layers get the fuzzer's attention.
     */
    @FuzzTest(maxDuration = "30s")
    void everyInputDecodesOrFailsWithAWireCode(byte[] input) {
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

    /** The same target for a long run (bench/fuzz-long.sh): -Dferry.longFuzz=true. */
    @FuzzTest(maxDuration = "15m")
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "ferry.longFuzz", matches = "true")
    void everyInputDecodesOrFailsWithAWireCodeLongRun(byte[] input) {
        everyInputDecodesOrFailsWithAWireCode(input);
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
