package dev.ferry.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Timestamps.format must print exactly what Instant.toString prints. */
class TimestampsTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "2024-01-31T12:00:00Z", "2024-01-31T12:34:00Z", "2024-01-31T12:00:01Z", "2024-01-31T00:00:00.100Z",
        "2024-01-31T12:00:00.000001Z", "2024-01-31T12:00:00.000000001Z", "2024-01-31T12:00:00.123456789Z",
        "1969-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
        "-0001-12-31T23:59:59Z", "+10000-01-01T00:00:00Z",
    })
    void printsWhatInstantPrints(String text) {
        Instant instant = Instant.parse(text);
        assertEquals(instant.toString(), Timestamps.format(instant));
        assertEquals(text, Timestamps.format(instant));
    }

    @Test
    void printsWhatInstantPrintsForRandomInstants() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 100_000; i++) {
            long second = random.nextLong(-62_167_219_200L - 1_000, 253_402_300_799L + 1_000);
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            if (i % 8 == 0) {
                second -= Math.floorMod(second, 60); // whole minutes: the seconds LocalDateTime leaves out
            }
            Instant instant = Instant.ofEpochSecond(second, nano);
            assertEquals(instant.toString(), Timestamps.format(instant));
        }
    }

    @Test
    void theExtremesPrintAsInstantDoes() {
        assertEquals(Instant.MAX.toString(), Timestamps.format(Instant.MAX));
        assertEquals(Instant.MIN.toString(), Timestamps.format(Instant.MIN));
    }
}
