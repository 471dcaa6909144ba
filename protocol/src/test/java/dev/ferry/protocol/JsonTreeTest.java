package dev.ferry.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * JsonTree must read exactly what ObjectMapper.readTree reads with the header rules (which
 * it replaced to save a fresh client ~24 ms), and write what writeValueAsBytes writes.
 */
class JsonTreeTest {
    /** The mapper the protocol used before JsonTree, with its default number nodes: the reference. */
    private static final ObjectMapper REFERENCE = new ObjectMapper(JsonTree.FACTORY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"op\":\"hello\",\"version\":1,\"user\":\"alice\",\"nonce\":\"abc\"}",
        "{\"a\":{\"b\":[1,2.5,-3e7,true,false,null,\"x\\u00e9\\ud83d\\ude00\"]},\"c\":{}}",
        "{\"big\":123456789012345678901234567890,\"neg\":-9223372036854775809,\"zero\":-0,\"f\":1.0E400}",
        "[{\"name\":\"a\",\"type\":\"file\",\"size\":0,\"mtime\":\"2024-01-31T12:00:00Z\"},[]]",
        " \t\r\n{\"op\":\"bye\"} \n",
        "\"just a string\"",
        "42",
        "{\"d1\":{\"d2\":{\"d3\":{\"d4\":{\"d5\":{\"d6\":{\"d7\":{}}}}}}}}",
    })
    void readsWhatTheMapperRead(String json) throws Exception {
        assertEquals(REFERENCE.readTree(json), JsonTree.read(json));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"op\":\"bye\"} {}",
        "{\"op\":\"bye\"} x",
        "{\"op\":\"bye\",\"op\":\"list\"}",
        "{\"a\":{\"k\":1,\"k\":2}}",
        "{\"d1\":{\"d2\":{\"d3\":{\"d4\":{\"d5\":{\"d6\":{\"d7\":{\"d8\":{}}}}}}}}}",
        "{\"a\":1,}",
        "{'a':1}",
        "{\"a\":NaN}",
        "{\"a\":01}",
        "{\"a\":\"unterminated}",
        "[1,2",
    })
    void rejectsWhatTheMapperRejected(String json) {
        assertThrows(JsonProcessingException.class, () -> REFERENCE.readTree(json));
        assertThrows(JsonProcessingException.class, () -> JsonTree.read(json));
    }

    @Test
    void noValueAtAllIsNull() throws Exception {
        assertNull(JsonTree.read(""));
        assertNull(JsonTree.read("  \n"));
    }

    @Test
    void writesAMessageAsTheMapperWritesItsTree() throws Exception {
        Response error = new Response.Error(ErrorCode.RATE_LIMITED, "\"q\" \u0001 \\ é 😀", Long.MAX_VALUE, List.of(1, 2));
        ObjectNode tree = REFERENCE.createObjectNode().put("ok", false).put("error", "RATE_LIMITED")
                .put("message", "\"q\" \u0001 \\ é 😀").put("retry_after", Long.MAX_VALUE);
        tree.putArray("versions").add(1).add(2);
        assertEquals(new String(REFERENCE.writeValueAsBytes(tree), StandardCharsets.UTF_8),
                new String(MessageCodec.encode(error), StandardCharsets.UTF_8));
    }

    @Test
    void writesAListingAsTheMapperWritesItsTree() throws Exception {
        Instant mtime = Instant.parse("2024-01-31T12:00:00.5Z");
        List<Entry> entries = List.of(new Entry("a \"b\"", FileType.FILE, 0, mtime),
                new Entry("é", FileType.DIRECTORY, 9_000_000_000L, mtime));
        ArrayNode tree = REFERENCE.createArrayNode();
        for (Entry e : entries) {
            tree.addObject().put("name", e.name()).put("type", e.type().wireName()).put("size", e.size())
                    .put("mtime", "2024-01-31T12:00:00.500Z");
        }
        assertEquals(new String(REFERENCE.writeValueAsBytes(tree), StandardCharsets.UTF_8),
                new String(Listing.encode(entries), StandardCharsets.UTF_8));
    }

    @Test
    void writesPlainValuesAsTheMapperDid() throws Exception {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("files", 3);
        value.put("bytes", 5_000_000_000L);
        value.put("seconds", 1.25);
        value.put("none", null);
        value.put("failed", List.of(Map.of("file", "a/\"b\"", "ok", false)));
        assertEquals(REFERENCE.writeValueAsString(value), JsonTree.writePlain(value));
    }
}
