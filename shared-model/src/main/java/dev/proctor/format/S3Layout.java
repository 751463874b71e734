package dev.proctor.format;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Object keys of format v1 under a configurable prefix.
 *
 * <pre>
 * v1/sessions/YYYY/MM/DD/&lt;sid&gt;/&lt;seq:08d&gt;.jsonl.gz
 * v1/sessions/YYYY/MM/DD/&lt;sid&gt;/manifest.jws
 * v1/access/&lt;request-id&gt;.json
 * v1/annotations/&lt;sid&gt;/&lt;annotation-id&gt;.json
 * v1/keys/&lt;kid&gt;.jwk.json
 * </pre>
 */
public final class S3Layout {
  private static final Pattern SESSION_OBJECT =
      Pattern.compile(
          "v1/sessions/(\\d{4})/(\\d{2})/(\\d{2})/([0-9A-HJKMNP-TV-Z]{26})/"
              + "(manifest\\.jws|(\\d{8,})\\.jsonl\\.gz)");

  private final String prefix;

  /**
   * @param prefix empty, or a key prefix such as {@code team-a/}; a missing trailing slash is added
   */
  public S3Layout(String prefix) {
    requireNonNull(prefix, "prefix");
    this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
  }

  public String prefix() {
    return prefix;
  }

  public String sessionsRoot() {
    return prefix + "v1/sessions/";
  }

  /** Where access requests live, one object each, written with conditional writes. */
  public String accessRoot() {
    return prefix + "v1/access/";
  }

  public String accessKey(String requestId) {
    return accessRoot() + requestId + ".json";
  }

  public String auditRoot() {
    return prefix + "v1/audit/";
  }

  /**
   * One object of a gateway's audit chain: {@code v1/audit/YYYY/MM/DD/<gateway>-<seq>.jsonl.gz}.
   */
  public String auditKey(String gatewayId, long firstSeq, LocalDate date) {
    return auditRoot()
        + String.format(
            "%04d/%02d/%02d/%s-%08d.jsonl.gz",
            date.getYear(), date.getMonthValue(), date.getDayOfMonth(), gatewayId, firstSeq);
  }

  public String annotationsRoot() {
    return prefix + "v1/annotations/";
  }

  /** One investigator annotation: {@code v1/annotations/<sid>/<annotation-id>.json}. */
  public String annotationKey(String sid, String annotationId) {
    return annotationsRoot() + sid + "/" + annotationId + ".json";
  }

  public String keysRoot() {
    return prefix + "v1/keys/";
  }

  /** The folder of one session; its date is the UTC date of the session's start. */
  public String sessionFolder(String sid, LocalDate startDate) {
    return sessionsRoot()
        + String.format(
            "%04d/%02d/%02d/%s/",
            startDate.getYear(), startDate.getMonthValue(), startDate.getDayOfMonth(), sid);
  }

  public String sessionFolder(String sid) {
    return sessionFolder(sid, Ulid.instant(sid).atZone(ZoneOffset.UTC).toLocalDate());
  }

  public String segmentKey(String sid, long firstSeq) {
    return sessionFolder(sid) + String.format("%08d.jsonl.gz", firstSeq);
  }

  public String manifestKey(String sid) {
    return sessionFolder(sid) + "manifest.jws";
  }

  public String publicKeyKey(String kid) {
    return keysRoot() + kid + ".jwk.json";
  }

  /** Parses a key under {@link #sessionsRoot()}; empty when it is not a session object. */
  public Optional<SessionObject> parse(String key) {
    if (!key.startsWith(prefix)) {
      return Optional.empty();
    }
    Matcher m = SESSION_OBJECT.matcher(key.substring(prefix.length()));
    if (!m.matches()) {
      return Optional.empty();
    }
    LocalDate date =
        LocalDate.of(
            Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)));
    Optional<Long> seq = Optional.ofNullable(m.group(6)).map(Long::parseLong);
    return Optional.of(new SessionObject(key, date, m.group(4), seq));
  }

  /**
   * A parsed session object key.
   *
   * @param firstSeq the first sequence number for a segment; empty for the manifest
   */
  public record SessionObject(String key, LocalDate date, String sid, Optional<Long> firstSeq) {
    public boolean isManifest() {
      return firstSeq.isEmpty();
    }
  }
}
