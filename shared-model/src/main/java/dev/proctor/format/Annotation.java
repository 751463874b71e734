package dev.proctor.format;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An investigator's flag on a recorded session: what kind of problem, how far triage got, a note,
 * and optionally where in the session. Stored at {@code v1/annotations/<sid>/<id>.json}; every
 * update replaces the whole annotation, and when two copies meet the later one wins ({@link
 * #LATEST_WINS}).
 *
 * @param xid the exchange it is about; empty for the whole session
 * @param span where in that exchange; empty for the whole exchange
 * @param kind a short lower-case word, for example {@code secret} or {@code policy}
 * @param createdBy who created it; {@code updatedBy} wrote this version
 */
public record Annotation(
    String id,
    String sid,
    Optional<String> xid,
    Optional<Span> span,
    String kind,
    Status status,
    String note,
    String createdBy,
    Instant createdAt,
    String updatedBy,
    Instant updatedAt) {

  private static final Pattern ID = Pattern.compile("[0-9A-HJKMNP-TV-Z]{26}");
  private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  /**
   * Orders two versions of one annotation: the later update wins; on the same instant the larger
   * author name, then the larger note, so every replica picks the same one.
   */
  public static final Comparator<Annotation> LATEST_WINS =
      Comparator.comparing(Annotation::updatedAt)
          .thenComparing(Annotation::updatedBy)
          .thenComparing(Annotation::status)
          .thenComparing(Annotation::note);

  public Annotation {
    requireNonNull(id, "id");
    requireNonNull(sid, "sid");
    xid = xid == null ? Optional.empty() : xid;
    span = span == null ? Optional.empty() : span;
    requireNonNull(kind, "kind");
    requireNonNull(status, "status");
    note = note == null ? "" : note;
    requireNonNull(createdBy, "createdBy");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(updatedBy, "updatedBy");
    requireNonNull(updatedAt, "updatedAt");
    if (!ID.matcher(id).matches() || !ID.matcher(sid).matches()) {
      throw new IllegalArgumentException("annotation " + id + " on " + sid + " (expected: ULIDs)");
    }
    if (!KIND.matcher(kind).matches()) {
      throw new IllegalArgumentException(
          "kind: " + kind + " (expected: a lower-case word such as secret or policy)");
    }
    if (span.isPresent() && xid.isEmpty()) {
      throw new IllegalArgumentException("span without xid (expected: the exchange it is in)");
    }
  }

  /** A new annotation by {@code author}, now. */
  public static Annotation create(
      String sid,
      Optional<String> xid,
      Optional<Span> span,
      String kind,
      Status status,
      String note,
      String author,
      Instant now) {
    return new Annotation(
        Ulid.next(now), sid, xid, span, kind, status, note, author, now, author, now);
  }

  /** This annotation with a new status and note, written by {@code author} at {@code now}. */
  public Annotation update(Status newStatus, String newNote, String author, Instant now) {
    return new Annotation(
        id, sid, xid, span, kind, newStatus, newNote, createdBy, createdAt, author, now);
  }

  /**
   * Where in an exchange.
   *
   * @param role the message's role ({@code user}, {@code assistant}, {@code tool_call}, ...)
   * @param start character offset in the message's text
   * @param end offset just past the flagged text
   */
  public record Span(String role, int start, int end) {
    public Span {
      requireNonNull(role, "role");
      if (start < 0 || end < start) {
        throw new IllegalArgumentException(
            "span " + start + ".." + end + " (expected: 0 <= start <= end)");
      }
    }
  }

  /** How far triage got. */
  public enum Status implements WireEnum.Named {
    OPEN("open"),
    CONFIRMED_LEAK("confirmed-leak"),
    FALSE_POSITIVE("false-positive"),
    ROTATED("rotated");

    private final String wireName;

    Status(String wireName) {
      this.wireName = wireName;
    }

    @JsonValue
    @Override
    public String wireName() {
      return wireName;
    }

    @JsonCreator
    public static Status of(String wireName) {
      return WireEnum.parse(Status.class, wireName);
    }
  }
}
