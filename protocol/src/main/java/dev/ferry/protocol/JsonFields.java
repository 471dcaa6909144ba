package dev.ferry.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/**
 * The fields of one JSON object, written in order straight to a generator: how messages and
 * listings are encoded, with no tree built first. A null string is written as JSON null, as
 * a tree's {@code put} did.
 */
final class JsonFields {
    /** How one value of type {@code T} becomes the fields of its object. */
    @FunctionalInterface
    interface Of<T> {
        void write(T value, JsonFields fields) throws IOException;
    }

    private final JsonGenerator generator;

    JsonFields(JsonGenerator generator) {
        this.generator = generator;
    }

    JsonFields put(String name, String value) throws IOException {
        generator.writeStringField(name, value);
        return this;
    }

    JsonFields put(String name, long value) throws IOException {
        generator.writeNumberField(name, value);
        return this;
    }

    JsonFields put(String name, boolean value) throws IOException {
        generator.writeBooleanField(name, value);
        return this;
    }

    JsonFields putNull(String name) throws IOException {
        generator.writeNullField(name);
        return this;
    }

    JsonFields put(String name, List<Integer> values) throws IOException {
        generator.writeArrayFieldStart(name);
        for (int value : values) {
            generator.writeNumber(value);
        }
        generator.writeEndArray();
        return this;
    }
}
