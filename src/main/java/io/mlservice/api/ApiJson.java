package io.mlservice.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.mlservice.serving.ScoredItem;

import java.io.IOException;

/** The one JSON mapper of the API: records as objects, a {@link ScoredItem} as Totara's {@code ["42", " 0.8731"]}. */
final class ApiJson {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .addModule(new SimpleModule("totara-wire").addSerializer(new ScoredItemSerializer()))
            .build();

    private ApiJson() {
    }

    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** The numeric id with the component prefix removed, and the score as Python's {@code f"{v: .4f}"}. */
    private static final class ScoredItemSerializer extends StdSerializer<ScoredItem> {
        ScoredItemSerializer() {
            super(ScoredItem.class);
        }

        @Override
        public void serialize(ScoredItem item, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeStartArray(item, 2);
            out.writeString(item.numericId());
            out.writeString(item.formattedScore());
            out.writeEndArray();
        }
    }
}
