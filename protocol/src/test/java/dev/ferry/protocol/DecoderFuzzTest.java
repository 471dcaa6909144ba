package dev.ferry.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing (Jazzer) of everything a peer's bytes reach before the server acts:
 * the frame reader, the strict header parser, the request decoder and the path rules. 30 s in
 * every test run; bench/fuzz-long.sh runs the same target for longer. Keep exactly one
 * {@code @FuzzTest} here: Jazzer skips every fuzz test of a class that has more than one.
 */
class DecoderFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void everyInputDecodesOrFailsWithAWireCode(byte[] input) {
        DecoderFuzzTarget.fuzzerTestOneInput(input);
    }
}
