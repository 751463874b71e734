package dev.proctor.format;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.util.List;

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

  /** Where Jackson's messages go on to name its classes, features or source. */
  private static final List<String> PROGRAMMERS_NOTES =
      List.of("\n", " (start marker at", " (bound as", " for `");

  private Json() {}

  /** A shared, thread-safe mapper; do not reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * What is wrong with a JSON text, in a sentence for the person who sent it: Jackson's own
   * description without its notes for programmers, then the line and column.
   */
  public static String describe(JsonProcessingException e) {
    String problem = e.getOriginalMessage();
    for (String note : PROGRAMMERS_NOTES) {
      int at = problem.indexOf(note);
      if (at >= 0) {
        problem = problem.substring(0, at);
      }
    }
    JsonLocation where = e.getLocation();
    return where == null || where.getLineNr() < 1
        ? problem
        : problem + " at line " + where.getLineNr() + ", column " + where.getColumnNr();
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
