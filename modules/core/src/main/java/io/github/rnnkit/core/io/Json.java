package io.github.rnnkit.core.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

import java.nio.file.Path;

/** The one JSON mapper rnnkit uses for configs, manifests and vocabularies (records supported). */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .registerModule(new SimpleModule().addSerializer(Path.class, ToStringSerializer.instance)
                    .addDeserializer(Path.class, new com.fasterxml.jackson.databind.deser.std.FromStringDeserializer<>(
                            Path.class) {
                        @Override
                        protected Path _deserialize(String value,
                                                    com.fasterxml.jackson.databind.DeserializationContext ctxt) {
                            return Path.of(value);
                        }
                    }));

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Serialises {@code value} to pretty-printed JSON. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + value.getClass().getName() + " to JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads {@code json} as {@code type}.
     *
     * @param what names the source in the error message, e.g. "config.json in model.rnnkit"
     */
    public static <T> T read(String json, Class<T> type, String what) {
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new IllegalArgumentException(what + " is not a valid " + type.getSimpleName() + ": it is null");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not a valid " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }
}
