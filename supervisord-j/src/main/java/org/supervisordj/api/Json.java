package org.supervisordj.api;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The API's JSON: answers written by {@link JsonWriter} where it can (no databind loaded), else by the
 * one ObjectMapper (snake_case names, strict reading); request bodies read by that ObjectMapper, with
 * its errors mapped to faults. The mapper lives in {@link Databind} so that a daemon whose clients only
 * ask never loads it.
 */
final class Json {

    private Json() {
    }

    /** Serializes {@code body} to UTF-8 JSON. */
    static byte[] write(Object body) {
        byte[] bytes = JsonWriter.write(body);
        return bytes != null ? bytes : Databind.write(body);
    }

    /**
     * Reads {@code bytes} as a {@code type}; a malformed body or an unknown field is BAD_ARGUMENTS,
     * an empty body INCORRECT_PARAMETERS.
     */
    static <T> T read(byte[] bytes, Class<T> type) {
        if (bytes.length == 0) {
            throw new ApiException(ApiFault.INCORRECT_PARAMETERS, "missing JSON request body");
        }
        return Databind.read(bytes, type);
    }

    /** The ObjectMapper, loaded on first use. Its exception types are named only here for the same reason. */
    static final class Databind {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

        private Databind() {
        }

        static byte[] write(Object body) {
            try {
                return MAPPER.writeValueAsBytes(body);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e); // our own records always serialize
            }
        }

        static <T> T read(byte[] bytes, Class<T> type) {
            try {
                T value = MAPPER.readValue(bytes, type);
                if (value == null) throw new ApiException(ApiFault.INCORRECT_PARAMETERS, "request body is null");
                return value;
            } catch (UnrecognizedPropertyException e) {
                throw new ApiException(ApiFault.BAD_ARGUMENTS, "unknown field '" + e.getPropertyName()
                        + "' (known: " + e.getKnownPropertyIds() + ")");
            } catch (MismatchedInputException e) {
                // Jackson's own text names our Java types: say it in JSON's words instead.
                String field = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                        .collect(java.util.stream.Collectors.joining("."));
                String wanted = jsonType(e.getTargetType());
                throw new ApiException(ApiFault.BAD_ARGUMENTS, field.isEmpty() ? "the request body must be " + wanted
                        : "field '" + Namespecs.printable(field) + "' must be " + wanted);
            } catch (JsonProcessingException e) {
                throw new ApiException(ApiFault.BAD_ARGUMENTS, "malformed JSON: " + plain(e.getOriginalMessage()));
            } catch (IOException e) {
                throw new ApiException(ApiFault.BAD_ARGUMENTS, "unreadable JSON");
            }
        }
    }

    private static String jsonType(Class<?> type) {
        if (type == null) return "of another JSON type";
        if (type == String.class || type.isEnum()) return "a string";
        if (type == boolean.class || type == Boolean.class) return "true or false";
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) return "a number";
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) return "an array";
        return "an object";
    }

    /** Jackson's parse errors, without the Java names some carry (e.g. "from `StreamReadConstraints...`"). */
    static String plain(String message) {
        if (message == null) return "unreadable";
        String text = message
                .replaceAll("\\s*\\(?(start marker at )?\\[Source:[^\\]]*\\]\\)?", "") // where, in Jackson's terms
                .replaceAll("\\s*,?\\s*from `[^`]*`", "") // which Java setting sets a limit
                .replaceAll("`[^`]*[.(][^`]*`", "a limit");
        return Namespecs.printable(text);
    }
}
