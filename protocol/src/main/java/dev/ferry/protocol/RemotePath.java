package dev.ferry.protocol;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * A path inside a user's home, normalized by the rules of PROTOCOL.md §5: NFC, '/'-separated,
 * empty and '.' segments dropped; never a '..' segment, a control character or a backslash;
 * segments of at most {@value #MAX_SEGMENT_BYTES} and paths of at most {@value #MAX_PATH_BYTES}
 * UTF-8 bytes. The empty path is the home itself.
 *
 * <p>Both sides use it: the server on every path it is sent, the client on every name a
 * server sends it, before anything is written locally.
 */
public final class RemotePath {
    public static final int MAX_SEGMENT_BYTES = 255;
    public static final int MAX_PATH_BYTES = 4096;
    public static final RemotePath HOME = new RemotePath(List.of());

    private final List<String> segments;

    private RemotePath(List<String> segments) {
        this.segments = List.copyOf(segments);
    }

    /** Normalizes and checks a path as sent on the wire; INVALID_PATH when a rule is broken. */
    public static RemotePath parse(String raw) throws ProtocolException {
        String nfc = Normalizer.normalize(raw, Normalizer.Form.NFC);
        List<String> segments = new ArrayList<>();
        for (String segment : nfc.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            checkSegment(segment);
            segments.add(segment);
        }
        RemotePath path = new RemotePath(segments);
        if (path.toString().getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw invalid("path is longer than " + MAX_PATH_BYTES + " bytes");
        }
        return path;
    }

    /**
     * Checks one name as a peer sent it (a listing entry, say): it must be a single, non-empty
     * segment that {@link #parse} would keep unchanged.
     */
    public static String checkName(String name) throws ProtocolException {
        if (name.isEmpty() || name.equals(".") || name.contains("/")) {
            throw invalid("\"" + printable(name) + "\" is not a single file name");
        }
        checkSegment(name);
        if (!Normalizer.isNormalized(name, Normalizer.Form.NFC)) {
            throw invalid("\"" + printable(name) + "\" is not in Unicode NFC form");
        }
        return name;
    }

    private static void checkSegment(String segment) throws ProtocolException {
        if (segment.equals("..")) {
            throw invalid("'..' is not allowed in a path");
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c <= 0x1F || (c >= 0x7F && c <= 0x9F)) {
                throw invalid("control characters are not allowed in a path");
            }
            if (c == '\\') {
                throw invalid("'\\' is not allowed in a path");
            }
        }
        if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
            throw invalid("a path segment is longer than " + MAX_SEGMENT_BYTES + " bytes");
        }
    }

    private static ProtocolException invalid(String message) {
        return new ProtocolException(ErrorCode.INVALID_PATH, message);
    }

    /** Replaces control characters so a hostile name cannot drive the user's terminal. */
    public static String printable(String name) {
        StringBuilder out = new StringBuilder(name.length());
        name.codePoints().forEach(c -> {
            if (c <= 0x1F || (c >= 0x7F && c <= 0x9F)) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    public List<String> segments() {
        return segments;
    }

    public boolean isHome() {
        return segments.isEmpty();
    }

    /** The last segment, {@code ""} for the home. */
    public String name() {
        return segments.isEmpty() ? "" : segments.get(segments.size() - 1);
    }

    /** The parent path; the home's parent is the home. */
    public RemotePath parent() {
        return segments.isEmpty() ? this : new RemotePath(segments.subList(0, segments.size() - 1));
    }

    public RemotePath child(String name) throws ProtocolException {
        List<String> more = new ArrayList<>(segments);
        more.add(checkName(name));
        return new RemotePath(more);
    }

    /** True when {@code other} is this path or lies below it. */
    public boolean contains(RemotePath other) {
        return other.segments.size() >= segments.size() && other.segments.subList(0, segments.size()).equals(segments);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RemotePath p && p.segments.equals(segments);
    }

    @Override
    public int hashCode() {
        return segments.hashCode();
    }

    /** The normalized form: segments joined by '/', no leading slash; {@code ""} for the home. */
    @Override
    public String toString() {
        return String.join("/", segments);
    }
}
