package org.supervisordj.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Writes the API's answers with jackson-core's streaming generator, producing byte for byte what
 * {@link Json}'s ObjectMapper would (JsonWriterTest compares the two on every body type).
 *
 * <p>Why not the ObjectMapper itself: its first use loads about 560 classes (databind, annotation
 * introspection, the hidden classes its method handles spin), about 5 MB of a daemon's resident
 * memory for answers that are a few records, lists, maps and scalars. Only what it covers is written
 * here: the records of {@link JsonBodies} (snake_case names, component order, {@code NON_NULL}) and
 * plain JSON values. Anything else answers {@code null}, and {@link Json} hands the whole body to
 * databind, so a body this class does not know is still answered, only at databind's cost.
 */
final class JsonWriter {

    private static final JsonFactory FACTORY = new JsonFactory();

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return Shape.of(type);
        }
    };

    private JsonWriter() {
    }

    /** Returns {@code body} as UTF-8 JSON, or null when it holds something only databind can write. */
    static byte[] write(Object body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            if (!value(g, body)) return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    // False when v holds something not covered here; the generator is then left half-written and discarded.
    private static boolean value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (v instanceof BigInteger i) {
            g.writeNumber(i);
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof Enum<?> e) {
            g.writeString(e.name());
        } else if (v instanceof Collection<?> c) {
            g.writeStartArray();
            for (Object o : c) if (!value(g, o)) return false;
            g.writeEndArray();
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String key)) return false; // databind's key serializers
                g.writeFieldName(key);
                if (!value(g, e.getValue())) return false;
            }
            g.writeEndObject();
        } else {
            Shape shape = SHAPES.get(v.getClass());
            return shape != null && shape.write(g, v);
        }
        return true;
    }

    /** A JsonBodies record's wire form: its components' snake_case names, accessors and null rule. */
    private record Shape(String[] names, Method[] accessors, boolean[] omitNull) {

        static Shape of(Class<?> type) {
            if (!type.isRecord() || type.getEnclosingClass() != JsonBodies.class) return null;
            RecordComponent[] components = type.getRecordComponents();
            boolean allNonNull = nonNull(type.getAnnotation(JsonInclude.class));
            String[] names = new String[components.length];
            Method[] accessors = new Method[components.length];
            boolean[] omitNull = new boolean[components.length];
            for (int i = 0; i < components.length; i++) {
                names[i] = snakeCase(components[i].getName());
                accessors[i] = components[i].getAccessor();
                accessors[i].setAccessible(true); // JsonBodies' records are package-private
                omitNull[i] = allNonNull || nonNull(accessors[i].getAnnotation(JsonInclude.class));
            }
            return new Shape(names, accessors, omitNull);
        }

        boolean write(JsonGenerator g, Object record) throws IOException {
            g.writeStartObject();
            for (int i = 0; i < names.length; i++) {
                Object v;
                try {
                    v = accessors[i].invoke(record);
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException("reading " + names[i] + " of " + record.getClass().getSimpleName(), e);
                }
                if (v == null && omitNull[i]) continue;
                g.writeFieldName(names[i]);
                if (!value(g, v)) return false;
            }
            g.writeEndObject();
            return true;
        }

        // @JsonInclude(NON_NULL) on a record component lands on its field, accessor and constructor
        // parameter (the annotation does not target record components), and the accessor is what we read.
        private static boolean nonNull(JsonInclude include) {
            return include != null && include.value() == JsonInclude.Include.NON_NULL;
        }
    }

    /**
     * Jackson's SNAKE_CASE: each upper-case letter lowered, with an underscore before it unless it
     * starts the name, follows an underscore or follows another upper-case letter (so a run of
     * capitals is one word); a leading underscore dropped. "uptimeS" is "uptime_s", "aURLPath" "a_urlpath".
     */
    static String snakeCase(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 4);
        boolean previousUpper = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (i == 0 && c == '_') continue;
            if (Character.isUpperCase(c)) {
                if (!previousUpper && sb.length() > 0 && sb.charAt(sb.length() - 1) != '_') sb.append('_');
                sb.append(Character.toLowerCase(c));
                previousUpper = true;
            } else {
                sb.append(c);
                previousUpper = false;
            }
        }
        return sb.length() > 0 ? sb.toString() : name;
    }
}
