package dev.ferry.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The body of a {@code list} response: a UTF-8 JSON array of entries sorted by name in
 * code-point order.
 */
public final class Listing {
    /** Code-point order (String.compareTo compares UTF-16 units, which differs above U+FFFF). */
    public static final Comparator<String> CODE_POINT_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    };

    private Listing() {
    }

    public static byte[] encode(List<Entry> entries) {
        return JsonTree.writeArray(entries, (e, fields) -> fields.put("name", e.name())
                .put("type", e.type().wireName()).put("size", e.size()).put("mtime", Timestamps.format(e.mtime())));
    }

    /**
     * Decodes a listing body as a client receives it. Names are returned as sent: callers
     * check them with {@link RemotePath#checkName(String)} before using them locally.
     */
    public static List<Entry> decode(byte[] utf8, long expectedCount) throws ProtocolException {
        JsonNode root;
        try {
            root = JsonTree.read(new String(utf8, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "listing is not a JSON array");
        }
        if (root == null || !root.isArray() || root.size() != expectedCount) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "listing is not an array of " + expectedCount + " entries");
        }
        List<Entry> entries = new ArrayList<>(root.size());
        for (JsonNode node : root) {
            if (!node.isObject()) {
                throw new ProtocolException(ErrorCode.BAD_FRAME, "listing entry is not an object");
            }
            Header h = Header.of((ObjectNode) node);
            FileType type = FileType.fromWire(h.string("type"));
            if (type == null) {
                throw new ProtocolException(ErrorCode.BAD_FRAME, "listing entry has an unknown type");
            }
            entries.add(new Entry(h.string("name"), type, h.integer("size"), h.timestamp("mtime", false)));
        }
        return entries;
    }
}
