package dev.ferry.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/**
 * JSON text to Jackson trees, and objects to JSON text, with jackson-core's streaming parser
 * and generator and no {@code ObjectMapper}. Building an ObjectMapper cost a fresh JVM ~24 ms
 * (most of it java.text date formats and locale data, which headers never use) against ~0.6
 * ms for a JsonFactory; a fresh `ftp-client list` went from 208 to 178 ms (30 interleaved
 * rounds, means; bench/RESULTS.md, E). The trees are those {@code ObjectMapper.readTree}
 * builds with the header rules (JsonTreeTest checks it against one): an integer an int,
 * long or BigInteger node by its size, a trailing token an error, duplicate keys and excess
 * depth rejected by the parser. Objects are written with no tree: their fields go straight
 * to the generator ({@link JsonFields}).
 */
final class JsonTree {
    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(Header.MAX_DEPTH)
                    // A long integer is a well-formed frame with a value out of range (BAD_REQUEST),
                    // so let every number that fits in a header through to the range check.
                    .maxNumberLength(Header.MAX_LENGTH)
                    .build())
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTree() {
    }

    /** The one JSON value in {@code text}, or null when there is none (empty or blank text). */
    static JsonNode read(String text) throws JsonProcessingException {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null;
            }
            JsonNode root = value(parser, first);
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw new JsonParseException(parser, "Trailing token (of type " + trailing + ") found after value");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a String source does no I/O
        }
    }

    private static JsonNode value(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    object.set(name, value(parser, parser.nextToken()));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    array.add(value(parser, next));
                }
                yield array;
            }
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new JsonParseException(parser, "Unexpected token " + token);
        };
    }

    /** One object as compact UTF-8 JSON, its fields written by {@code fields}. */
    static <T> byte[] writeObject(T value, JsonFields.Of<T> fields) {
        return write(g -> writeObject(g, value, fields));
    }

    /** An array of objects as compact UTF-8 JSON, each one's fields written by {@code fields}. */
    static <T> byte[] writeArray(List<T> values, JsonFields.Of<T> fields) {
        return write(g -> {
            g.writeStartArray();
            for (T value : values) {
                writeObject(g, value, fields);
            }
            g.writeEndArray();
        });
    }

    private static <T> void writeObject(JsonGenerator g, T value, JsonFields.Of<T> fields) throws IOException {
        g.writeStartObject();
        fields.write(value, new JsonFields(g));
        g.writeEndObject();
    }

    private interface Generation {
        void run(JsonGenerator generator) throws IOException;
    }

    private static byte[] write(Generation generation) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (JsonGenerator generator = FACTORY.createGenerator(bytes)) {
            generation.run(generator);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen: memory only
        }
        return bytes.toByteArray();
    }

    /** Plain values (maps with string keys, lists, strings, numbers, booleans, null) as compact JSON. */
    static String writePlain(Object value) {
        Writer text = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(text)) {
            writePlain(generator, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen: memory only
        }
        return text.toString();
    }

    private static void writePlain(JsonGenerator g, Object value) throws IOException {
        switch (value) {
            case null -> g.writeNull();
            case Map<?, ?> map -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> field : map.entrySet()) {
                    g.writeFieldName((String) field.getKey());
                    writePlain(g, field.getValue());
                }
                g.writeEndObject();
            }
            case List<?> list -> {
                g.writeStartArray();
                for (Object element : list) {
                    writePlain(g, element);
                }
                g.writeEndArray();
            }
            case String s -> g.writeString(s);
            case Boolean b -> g.writeBoolean(b);
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case Double d -> g.writeNumber(d);
            default -> throw new IllegalArgumentException("not a plain JSON value: " + value.getClass().getName());
        }
    }
}
