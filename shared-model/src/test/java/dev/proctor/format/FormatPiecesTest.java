package dev.proctor.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FormatPiecesTest {

  @Test
  void timestampsAreUtcWithSixFractionalDigitsAndParseBack() {
    DateTimeFormatter reference =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    List<Instant> instants =
        new ArrayList<>(
            List.of(
                Instant.EPOCH,
                Instant.parse("2024-02-29T23:59:59.999999999Z"),
                Instant.parse("2026-12-31T23:59:59.000001Z"),
                Instant.parse("0001-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999Z"),
                Instant.parse("1969-07-20T20:17:40.5Z")));
    Random random = new Random(42);
    for (int i = 0; i < 10_000; i++) {
      instants.add(
          Instant.ofEpochSecond(
              random.nextLong(-62_135_596_800L, 253_402_300_800L), random.nextInt(1_000_000_000)));
    }

    assertThat(instants)
        .allSatisfy(
            t -> {
              assertThat(Timestamps.format(t)).isEqualTo(reference.format(t));
              assertThat(Timestamps.parse(Timestamps.format(t))).isEqualTo(Timestamps.truncate(t));
            });
    assertThat(Timestamps.format(Instant.parse("2026-11-25T04:05:06.007008009Z")))
        .isEqualTo("2026-11-25T04:05:06.007008Z");
  }

  @Test
  void ulidsIncreaseWithinOneMillisecondAndCarryTheirInstant() {
    Instant now = Instant.parse("2026-11-24T08:00:00.123Z");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      ids.add(Ulid.next(now));
    }
    assertThat(ids).isSorted().doesNotHaveDuplicates();
    assertThat(ids).allSatisfy(id -> assertThat(id).hasSize(26).matches("[0-9A-HJKMNP-TV-Z]+"));
    assertThat(Ulid.instant(ids.getFirst())).isEqualTo(now);
  }

  @Test
  void envelopeValuesThatWouldNeedEscapingAreRefusedWithTheValue() {
    SessionClose close = new SessionClose("idle", 0);
    Instant ts = Instant.parse("2026-12-07T03:00:00Z");

    assertThatThrownBy(
            () -> EventCodec.encode(new Event("sid", 0, ts, Optional.of("x\"id"), close, "")))
        .isInstanceOf(FormatException.class)
        .hasMessage("envelope value needs escaping: x\"id");
    assertThatThrownBy(() -> EventCodec.encode(new Event("sïd", 0, ts, null, close, "")))
        .hasMessage("envelope value needs escaping: sïd");
    assertThat(
            new String(
                EventCodec.encode(new Event("s", 12, ts, Optional.of("x"), close, "ab")),
                StandardCharsets.US_ASCII))
        .isEqualTo(
            "{\"v\":1,\"sid\":\"s\",\"seq\":12,\"ts\":\"2026-12-07T03:00:00.000000Z\","
                + "\"type\":\"session.close\",\"xid\":\"x\","
                + "\"data\":{\"reason\":\"idle\",\"exchanges\":0},\"prev\":\"ab\"}");
  }

  @Test
  void ulidWithBadCharactersIsRejectedWithTheValue() {
    assertThatThrownBy(() -> Ulid.instant("not-a-ulid"))
        .isInstanceOf(FormatException.class)
        .hasMessageContaining("not-a-ulid");
  }

  @Test
  void layoutKeysParseBack() {
    S3Layout layout = new S3Layout("team-a");
    String sid = Ulid.next(Instant.parse("2026-03-04T05:06:07Z"));

    String segment = layout.segmentKey(sid, 12);
    String manifest = layout.manifestKey(sid);

    assertThat(segment).isEqualTo("team-a/v1/sessions/2026/03/04/" + sid + "/00000012.jsonl.gz");
    assertThat(layout.parse(segment))
        .contains(
            new S3Layout.SessionObject(segment, LocalDate.of(2026, 3, 4), sid, Optional.of(12L)));
    assertThat(layout.parse(manifest)).get().matches(S3Layout.SessionObject::isManifest);
    assertThat(layout.parse("team-a/v1/keys/k.jwk.json")).isEmpty();
    assertThat(new S3Layout("").parse(segment)).isEmpty();
  }

  @Test
  void decodingNamesWhatIsWrong() {
    assertThatThrownBy(() -> EventCodec.decode("{".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(FormatException.class)
        .hasMessageStartingWith("not JSON");
    assertThatThrownBy(() -> EventCodec.decode(line("{\"v\":2}"))).hasMessage("v: 2 (expected: 1)");
    assertThatThrownBy(
            () ->
                EventCodec.decode(
                    line("{\"v\":1,\"sid\":\"s\",\"seq\":0,\"ts\":\"x\",\"type\":\"nope\"}")))
        .hasMessageStartingWith("EventType: nope (expected one of [session.open");
    assertThatThrownBy(
            () ->
                EventCodec.decode(
                    line(
                        "{\"v\":1,\"sid\":\"s\",\"seq\":0,\"ts\":\"yesterday\","
                            + "\"type\":\"session.close\",\"data\":{\"reason\":\"idle\"},\"prev\":\"\"}")))
        .hasMessageStartingWith("ts: yesterday (expected: UTC with microseconds");
  }

  @Test
  void segmentWithoutFinalNewlineIsRejected() {
    byte[] gz = Segments.gzip(List.of("a".getBytes(StandardCharsets.UTF_8)));
    assertThat(Segments.lines(gz)).hasSize(1);
    assertThatThrownBy(() -> Segments.lines("not gzip".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(FormatException.class)
        .hasMessageStartingWith("segment is not gzip");
  }

  @Test
  void verificationTextRoundTrips() {
    for (Verification v :
        List.of(Verification.verified(), Verification.open(), Verification.broken("why"))) {
      assertThat(Verification.parse(v.toString())).isEqualTo(v);
    }
  }

  private static byte[] line(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
