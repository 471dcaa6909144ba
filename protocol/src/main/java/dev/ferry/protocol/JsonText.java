package dev.ferry.protocol;

/**
 * Plain values (maps, lists, strings, numbers, booleans, null) as compact JSON text, for
 * machine-readable command output. Lives here because this module is the only one that
 * touches Jackson.
 */
public final class JsonText {
    private JsonText() {
    }

    public static String of(Object value) {
        return JsonTree.writePlain(value);
    }

    /** A message as its wire JSON (responses include {@code "ok":true}). */
    public static String of(Message message) {
        return new String(MessageCodec.encode(message), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A listing as its wire JSON array. */
    public static String ofEntries(java.util.List<Entry> entries) {
        return new String(Listing.encode(entries), java.nio.charset.StandardCharsets.UTF_8);
    }
}
