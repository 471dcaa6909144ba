package dev.ferry.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Timestamps.format must print exactly what Instant.toString prints, and Timestamps.parse
 * accept and read exactly what a regular expression for the Z form followed by Instant.parse did.
 */
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

    /** What Timestamps.parse was before it was written out: the form by a regular expression, then Instant.parse. */
    private static Instant reference(String text) {
        if (!text.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z")) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2024-01-31T12:34:56Z", "2024-01-31T12:34:56.7Z", "2024-01-31T12:34:56.123456789Z", "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999999Z", "2024-02-29T00:00:00Z", "2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z",
        "2000-02-29T00:00:00Z", "2024-04-31T00:00:00Z", "2024-01-32T00:00:00Z", "2024-13-01T00:00:00Z",
        "2024-00-10T00:00:00Z", "2024-01-00T00:00:00Z", "2024-12-31T24:00:00Z", "2024-12-31T24:00:00.000Z",
        "2024-12-31T24:00:00.1Z", "2024-12-31T24:00:01Z", "2024-12-31T24:01:00Z", "9999-12-31T24:00:00Z",
        "2024-06-30T23:59:60Z", "2024-06-30T23:59:60.5Z", "2024-06-30T23:58:60Z", "2024-06-30T22:59:60Z",
        "2024-01-01T25:00:00Z", "2024-01-01T00:60:00Z", "2024-01-01T00:00:61Z", "2024-01-01T00:00:00.Z",
        "2024-01-01T00:00:00.1234567890Z", "2024-1-01T00:00:00Z", "2024-01-01t00:00:00Z", "2024-01-01T00:00:00z",
        "2024-01-01T00:00:00+00:00", "2024-01-01T00:00:00", "2024-01-01 00:00:00Z", "\uff12024-01-01T00:00:00Z",
        "2024-01-01T00:00:0\u0660Z", "+2024-01-01T00:00:00Z", "-024-01-01T00:00:00Z", "", "Z",
    })
    void parsesEdgesAsTheRegularExpressionAndInstantParseDid(String text) {
        assertEquals(reference(text), Timestamps.parse(text), text);
    }

    @Test
    void parsesRandomTextsAsTheRegularExpressionAndInstantParseDid() {
        SplittableRandom random = new SplittableRandom(7);
        String noise = "0123456789-T:.Zzt+ \u0660\uff10";
        int valid = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d", random.nextInt(10_000),
                    random.nextInt(15), random.nextInt(34), random.nextInt(26), random.nextInt(62), random.nextInt(63)));
            int fraction = random.nextInt(12) - 1; // -1: none; 0: a bare '.'; 10: one digit too many
            if (fraction >= 0) {
                text.append('.');
                for (int d = 0; d < fraction; d++) {
                    text.append((char) ('0' + random.nextInt(10)));
                }
            }
            text.append('Z');
            if (i % 3 == 0) { // one character replaced, inserted or removed
                int at = random.nextInt(text.length());
                switch (random.nextInt(3)) {
                    case 0 -> text.setCharAt(at, noise.charAt(random.nextInt(noise.length())));
                    case 1 -> text.insert(at, noise.charAt(random.nextInt(noise.length())));
                    default -> text.deleteCharAt(at);
                }
            }
            Instant expected = reference(text.toString());
            assertEquals(expected, Timestamps.parse(text.toString()), text.toString());
            valid += expected == null ? 0 : 1;
        }
        assertTrue(valid > 20_000 && valid < 180_000, "valid and invalid texts both tried: " + valid + " valid");
    }
}
