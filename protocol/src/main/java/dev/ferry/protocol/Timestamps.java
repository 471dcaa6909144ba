package dev.ferry.protocol;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** RFC 3339 UTC timestamps, {@code YYYY-MM-DDTHH:MM:SS[.fraction]Z}: the only form on the wire. */
public final class Timestamps {
    private static final Pattern Z_FORM = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");

    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the instants whose year has four digits. */
    private static final long FIRST_FOUR_DIGIT_SECOND = -62_167_219_200L;
    private static final long LAST_FOUR_DIGIT_SECOND = 253_402_300_799L;

    private Timestamps() {
    }

    /**
     * What {@link Instant#toString()} prints (always UTC, always 'Z', a fraction of 3, 6 or 9
     * digits only when needed), without its {@code DateTimeFormatter}: in a fresh JVM that
     * formatter's set-up per call was 6% of a client's samples uploading 2,000 small files
     * (JFR). {@code LocalDateTime.toString} is the same text, except that it leaves out
     * {@code :00} seconds when there is no fraction; the formatter appends them too.
     */
    public static String format(Instant instant) {
        long second = instant.getEpochSecond();
        if (second < FIRST_FOUR_DIGIT_SECOND || second > LAST_FOUR_DIGIT_SECOND) {
            return instant.toString(); // a sign and more digits: never valid on the wire, but say what it is
        }
        LocalDateTime utc = LocalDateTime.ofEpochSecond(second, instant.getNano(), ZoneOffset.UTC);
        return utc.getSecond() == 0 && utc.getNano() == 0 ? utc + ":00Z" : utc + "Z";
    }

    /** @return the instant, or {@code null} when the text is not in the Z form. */
    public static Instant parse(String text) {
        if (!Z_FORM.matcher(text).matches()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null; // e.g. month 13
        }
    }
}
