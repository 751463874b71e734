package dev.proctor.gateway.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The status line and header fields of a response. */
record ResponseHead(String version, int status, List<HeaderField> headers) {
  private static final int MAX_FIELDS = 500;

  /** Reads a head, skipping interim {@code 1xx} responses other than 101. */
  static ResponseHead read(InputStream in) throws IOException {
    while (true) {
      ResponseHead head = readOne(in);
      if (head.status() >= 200 || head.status() == 101) {
        return head;
      }
    }
  }

  private static ResponseHead readOne(InputStream in) throws IOException {
    String statusLine = HttpLines.read(in);
    // HTTP/1.1 200 OK
    if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
      throw new IOException("the upstream did not answer in HTTP/1.x: " + quote(statusLine));
    }
    int status;
    try {
      status = Integer.parseInt(statusLine.substring(9, 12));
    } catch (NumberFormatException e) {
      throw new IOException("the upstream sent a malformed status line: " + quote(statusLine));
    }
    List<HeaderField> headers = new ArrayList<>();
    String line;
    while (!(line = HttpLines.read(in)).isEmpty()) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IOException("the upstream sent a malformed header line: " + quote(line));
      }
      if (headers.size() == MAX_FIELDS) {
        throw new IOException("the upstream sent more than " + MAX_FIELDS + " header fields");
      }
      try {
        headers.add(
            new HeaderField(line.substring(0, colon).strip(), line.substring(colon + 1).strip()));
      } catch (IllegalArgumentException e) {
        throw new IOException("the upstream sent a malformed header line: " + quote(line));
      }
    }
    return new ResponseHead(statusLine.substring(0, 8), status, List.copyOf(headers));
  }

  Optional<String> first(String name) {
    for (HeaderField h : headers) {
      if (h.is(name)) {
        return Optional.of(h.value());
      }
    }
    return Optional.empty();
  }

  /** Every value of the fields named {@code name}, in the order received. */
  List<String> all(String name) {
    List<String> values = List.of();
    for (HeaderField h : headers) {
      if (h.is(name)) {
        if (values.isEmpty()) {
          values = new ArrayList<>();
        }
        values.add(h.value());
      }
    }
    return values;
  }

  /** Whether any field named {@code name} lists {@code token} (comma-separated, any case). */
  boolean lists(String name, String token) {
    for (HeaderField h : headers) {
      if (h.is(name)) {
        for (String part : h.value().split(",")) {
          if (part.strip().equalsIgnoreCase(token)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static String quote(String line) {
    return "'" + (line.length() > 80 ? line.substring(0, 80) + "…" : line) + "'";
  }
}
