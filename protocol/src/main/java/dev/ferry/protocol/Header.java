package dev.ferry.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * A frame's header: exactly one JSON object, checked against every BAD_FRAME rule of the
 * protocol (strict UTF-8 without a byte-order mark, no lone surrogates, no duplicate keys,
 * depth at most {@value #MAX_DEPTH}), with strict typed access to its fields (no coercion:
 * a wrong type is BAD_REQUEST).
 */
public final class Header {
    /** Largest header a peer may send, in bytes. */
    public static final int MAX_LENGTH = 65536;
    /** Deepest nesting allowed; the outer object is depth 1. */
    public static final int MAX_DEPTH = 8;

    private final ObjectNode fields;

    private Header(ObjectNode fields) {
        this.fields = fields;
    }

    /** Parses a header's bytes; any BAD_FRAME rule broken throws with that code. */
    public static Header parse(byte[] utf8) throws ProtocolException {
        String text = decodeStrictUtf8(utf8);
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            throw badFrame("header starts with a byte-order mark");
        }
        JsonNode root;
        try {
            root = JsonTree.read(text);
        } catch (JsonProcessingException e) {
            throw badFrame("header is not one well-formed JSON object (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw badFrame("header is not a JSON object");
        }
        if (hasLoneSurrogate(root)) {
            throw badFrame("header contains an unpaired surrogate escape");
        }
        return new Header((ObjectNode) root);
    }

    static Header of(ObjectNode fields) {
        return new Header(fields);
    }

    /**
     * The header's text, or BAD_FRAME when its bytes are not valid UTF-8. The JDK's lenient
     * decoding is the fast path: it puts U+FFFD for every malformed sequence, so text without
     * one decoded cleanly, and only text with one is decoded again strictly, to tell a
     * U+FFFD that was sent from bytes that were not UTF-8.
     */
    private static String decodeStrictUtf8(byte[] utf8) throws ProtocolException {
        String lenient = new String(utf8, StandardCharsets.UTF_8);
        if (lenient.indexOf('\uFFFD') < 0) {
            return lenient;
        }
        try {
            // The JDK decoder rejects overlong forms, encoded surrogates and code points past U+10FFFF.
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8))
                    .toString();
        } catch (CharacterCodingException e) {
            throw badFrame("header is not valid UTF-8");
        }
    }

    private static boolean hasLoneSurrogate(JsonNode node) {
        if (node.isTextual()) {
            return hasLoneSurrogate(node.textValue());
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (hasLoneSurrogate(field.getKey()) || hasLoneSurrogate(field.getValue())) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                if (hasLoneSurrogate(element)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static ProtocolException badFrame(String message) {
        return new ProtocolException(ErrorCode.BAD_FRAME, message);
    }

    static ProtocolException badRequest(String message) {
        return new ProtocolException(ErrorCode.BAD_REQUEST, message);
    }

    /** The request's {@code op}; BAD_REQUEST when it is missing or not a string. */
    public String op() throws ProtocolException {
        JsonNode op = fields.get("op");
        if (op == null || !op.isTextual()) {
            throw badRequest(op == null ? "request has no \"op\"" : "\"op\" must be a string");
        }
        return op.textValue();
    }

    /** Decodes this header as a request; BAD_REQUEST for an unknown op or a field of the wrong type or range. */
    public Request toRequest() throws ProtocolException {
        return RequestDecoder.decode(this);
    }

    /**
     * Decodes this header as the response to a request whose success response is
     * {@code expected}: either that record or a {@link Response.Error}.
     */
    public Response toResponse(Class<? extends Response> expected) throws ProtocolException {
        return ResponseDecoder.decode(this, expected);
    }

    // ---- strict typed access, shared by the decoders ----

    boolean has(String name) {
        return fields.has(name);
    }

    String string(String name) throws ProtocolException {
        JsonNode value = fields.get(name);
        if (value == null) {
            throw badRequest("\"" + name + "\" is required");
        }
        if (!value.isTextual()) {
            throw badRequest("\"" + name + "\" must be a string");
        }
        return value.textValue();
    }

    String string(String name, String absent) throws ProtocolException {
        return fields.has(name) ? string(name) : absent;
    }

    /** A SHA-256 in hex (either case on the wire), lowercased. */
    String sha256(String name) throws ProtocolException {
        String sha = string(name);
        if (!isSha256Hex(sha)) {
            throw badRequest("\"" + name + "\" must be 64 hex digits");
        }
        return sha.toLowerCase(Locale.ROOT);
    }

    private static boolean isSha256Hex(String text) {
        if (text.length() != 64) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (!HexFormat.isHexDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    long integer(String name) throws ProtocolException {
        JsonNode value = fields.get(name);
        if (value == null) {
            throw badRequest("\"" + name + "\" is required");
        }
        if (!value.isIntegralNumber()) {
            throw badRequest("\"" + name + "\" must be an integer");
        }
        if (!value.canConvertToLong() || value.longValue() < 0) {
            throw badRequest("\"" + name + "\" must be between 0 and 2^63-1");
        }
        return value.longValue();
    }

    long integer(String name, long absent) throws ProtocolException {
        return fields.has(name) ? integer(name) : absent;
    }

    /** An integer field whose JSON {@code null} means absent. */
    Long nullableInteger(String name) throws ProtocolException {
        JsonNode value = fields.get(name);
        return value == null || value.isNull() ? null : integer(name);
    }

    boolean bool(String name) throws ProtocolException {
        JsonNode value = fields.get(name);
        if (value == null) {
            throw badRequest("\"" + name + "\" is required");
        }
        if (!value.isBoolean()) {
            throw badRequest("\"" + name + "\" must be true or false");
        }
        return value.booleanValue();
    }

    boolean bool(String name, boolean absent) throws ProtocolException {
        return fields.has(name) ? bool(name) : absent;
    }

    /** A timestamp field in the Z form; JSON {@code null} means absent when {@code nullable}. */
    Instant timestamp(String name, boolean nullable) throws ProtocolException {
        JsonNode value = fields.get(name);
        if (value == null || (nullable && value.isNull())) {
            if (nullable) {
                return null;
            }
            throw badRequest("\"" + name + "\" is required");
        }
        Instant instant = value.isTextual() ? Timestamps.parse(value.textValue()) : null;
        if (instant == null) {
            throw badRequest("\"" + name + "\" must be a UTC timestamp like 2024-01-31T12:00:00Z");
        }
        return instant;
    }

    JsonNode node(String name) {
        return fields.get(name);
    }
}
