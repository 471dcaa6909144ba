package dev.ferry.protocol;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** RFC 3339 UTC timestamps, {@code YYYY-MM-DDTHH:MM:SS[.fraction]Z}: the only form on the wire. */
public final class Timestamps {
    private static final Pattern Z_FORM = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");

    private Timestamps() {
    }

    public static String format(Instant instant) {
        return instant.toString(); // ISO_INSTANT: always UTC, always 'Z', fraction only when needed
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
