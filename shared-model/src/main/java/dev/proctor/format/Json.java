package dev.proctor.format;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.FromStringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializerBase;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.time.Duration;
import java.time.Instant;

/**
 * The one Jackson configuration of the format: snake_case, absent optionals omitted, instants in
 * the {@link Timestamps} form.
 */
public final class Json {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new Jdk8Module())
          .registerModule(
              new SimpleModule("proctor-instants")
                  .addSerializer(Instant.class, new InstantSerializer())
                  .addDeserializer(Instant.class, new InstantDeserializer())
                  .addSerializer(Duration.class, new ToStringSerializer(Duration.class))
                  .addDeserializer(
                      Duration.class,
                      new FromStringDeserializer<>(Duration.class) {
                        @Override
                        protected Duration _deserialize(String value, DeserializationContext c) {
                          return Duration.parse(value);
                        }
                      }))
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .setSerializationInclusion(JsonInclude.Include.NON_ABSENT)
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private Json() {}

  /** A shared, thread-safe mapper; do not reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  private static final class InstantSerializer extends ToStringSerializerBase {
    InstantSerializer() {
      super(Instant.class);
    }

    @Override
    public String valueToString(Object value) {
      return Timestamps.format((Instant) value);
    }
  }

  private static final class InstantDeserializer extends FromStringDeserializer<Instant> {
    InstantDeserializer() {
      super(Instant.class);
    }

    @Override
    protected Instant _deserialize(
        String value, com.fasterxml.jackson.databind.DeserializationContext ctxt) {
      return Timestamps.parse(value);
    }
  }
}
