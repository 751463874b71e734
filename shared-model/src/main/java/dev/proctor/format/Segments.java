package dev.proctor.format;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** A segment object: gzip of JSON Lines, each line ending in {@code \n}. */
public final class Segments {
  private Segments() {}

  public static byte[] gzip(List<byte[]> lines) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      for (byte[] line : lines) {
        gzip.write(line);
        gzip.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("gzip in memory cannot fail", e);
    }
    return out.toByteArray();
  }

  /**
   * Returns the lines of a segment, without their newlines.
   *
   * @throws FormatException if the bytes are not gzip or the last line has no newline
   */
  public static List<byte[]> lines(byte[] segment) {
    byte[] text;
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(segment))) {
      text = in.readAllBytes();
    } catch (IOException e) {
      throw new FormatException("segment is not gzip: " + e.getMessage(), e);
    }
    return splitLines(text);
  }

  /**
   * Splits JSON Lines text into lines without their newlines.
   *
   * @throws FormatException if the last line has no newline
   */
  public static List<byte[]> splitLines(byte[] text) {
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length; i++) {
      if (text[i] == '\n') {
        lines.add(Arrays.copyOfRange(text, start, i));
        start = i + 1;
      }
    }
    if (start != text.length) {
      throw new FormatException("segment ends inside a line (no final newline)");
    }
    return lines;
  }
}
