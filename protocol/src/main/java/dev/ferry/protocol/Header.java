package dev.ferry.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

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
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

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

    private static String decodeStrictUtf8(byte[] utf8) throws ProtocolException {
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
        if (!SHA256_HEX.matcher(sha).matches()) {
            throw badRequest("\"" + name + "\" must be 64 hex digits");
        }
        return sha.toLowerCase(Locale.ROOT);
    }

    long integer(String name) throws ProtocolException {
        JsonNode value = fields.get(name);
        if (value == null) {
            throw badRequest("\"" + name + "\" is required");
        }
        if (!value.isIntegralNumber()) {
            throw badRequest("\"" + name + "\" must be an integer");
        }
        BigInteger big = value.bigIntegerValue();
        if (big.signum() < 0 || big.bitLength() > 63) {
            throw badRequest("\"" + name + "\" must be between 0 and 2^63-1");
        }
        return big.longValue();
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
