package dev.proctor.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnnotationTest {
  static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
  static final String SID = Ulid.at(T0);

  @Test
  void roundTripsThroughJsonInTheFormatsShape() throws Exception {
    Annotation a =
        Annotation.create(
            SID,
            Optional.of(Ulid.at(T0)),
            Optional.of(new Annotation.Span("user", 10, 30)),
            "secret",
            Annotation.Status.CONFIRMED_LEAK,
            "AWS key",
            "ines",
            T0);
    String json = Json.mapper().writeValueAsString(a);
    assertThat(json)
        .contains("\"status\":\"confirmed-leak\"")
        .contains("\"created_by\":\"ines\"")
        .contains("\"updated_at\":\"2026-11-20T10:00:00");
    assertThat(Json.mapper().readValue(json, Annotation.class)).isEqualTo(a);
  }

  @Test
  void theLaterUpdateWinsAndTiesAreBrokenTheSameWayEverywhere() {
    Annotation a =
        Annotation.create(
            SID,
            Optional.empty(),
            Optional.empty(),
            "secret",
            Annotation.Status.OPEN,
            "",
            "ines",
            T0);
    Annotation later = a.update(Annotation.Status.ROTATED, "done", "omar", T0.plusSeconds(1));
    Annotation sameInstant =
        a.update(Annotation.Status.FALSE_POSITIVE, "test key", "zoe", T0.plusSeconds(1));
    assertThat(Annotation.LATEST_WINS.compare(later, a)).isPositive();
    assertThat(Annotation.LATEST_WINS.compare(sameInstant, later)).isPositive();
    assertThat(Annotation.LATEST_WINS.compare(later, sameInstant)).isNegative();
  }

  @Test
  void rejectsWhatTheFormatDoesNotAllow() {
    assertThatThrownBy(
            () ->
                Annotation.create(
                    SID,
                    Optional.empty(),
                    Optional.empty(),
                    "Bad Kind",
                    Annotation.Status.OPEN,
                    "",
                    "i",
                    T0))
        .hasMessageContaining("kind: Bad Kind");
    assertThatThrownBy(
            () ->
                Annotation.create(
                    SID,
                    Optional.empty(),
                    Optional.of(new Annotation.Span("user", 0, 1)),
                    "secret",
                    Annotation.Status.OPEN,
                    "",
                    "i",
                    T0))
        .hasMessageContaining("span without xid");
    assertThatThrownBy(() -> Annotation.Status.of("fixed"))
        .hasMessageContaining("expected one of [open, confirmed-leak, false-positive, rotated]");
  }
}
