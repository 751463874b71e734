package dev.proctor.format;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** The {@code ts} form of format v1: UTC with exactly six fractional digits. */
public final class Timestamps {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  public static Instant truncate(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS);
  }

  public static String format(Instant instant) {
    return FORMAT.format(instant);
  }

  /**
   * @throws FormatException if the text is not a v1 timestamp
   */
  public static Instant parse(String text) {
    try {
      return FORMAT.parse(text, Instant::from);
    } catch (DateTimeParseException e) {
      throw new FormatException(
          "ts: " + text + " (expected: UTC with microseconds, like 2026-01-02T03:04:05.000006Z)",
          e);
    }
  }
}
