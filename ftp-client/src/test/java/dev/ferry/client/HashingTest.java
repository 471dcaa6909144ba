package dev.ferry.client;

import static org.junit.jupiter.api.Assertions.assertSame;

import dev.ferry.protocol.Sha256Engines;
import org.junit.jupiter.api.Test;

/** The JDK's share of a run is for small bodies (dev.ferry.protocol.Sha256EnginesTest tests the engines). */
class HashingTest {
    @Test
    void aBodyLargerThanTheJdksShareGetsTheFastestEngineAtOnce() {
        assertSame(Sha256Engines.fastest(), Hashing.engineFor(Hashing.JDK_FIRST_BYTES + 1));
    }
}
