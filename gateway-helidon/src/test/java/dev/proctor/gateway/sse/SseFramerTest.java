package dev.proctor.gateway.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SseFramerTest {
  private static final String STREAM =
      "event: message_start\ndata: {\"a\":1}\n\n"
          + ": keep-alive\n\n"
          + "data: line one\ndata: line two\n\n"
          + "data: ünïcødé ✓\r\n\r\n"
          + "data: cr only\r\r"
          + "data: [DONE]\n\n";

  @Test
  void everySplitOfTheStreamYieldsTheSameEventsAndTheSameBytes() {
    byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
    List<String> expected =
        List.of("{\"a\":1}", "", "line one\nline two", "ünïcødé ✓", "cr only", "[DONE]");
    for (int split = 0; split <= bytes.length; split++) {
      for (int chunk : new int[] {1, 3, 7, bytes.length}) {
        List<SseEvent> events = frame(bytes, split, chunk);
        assertThat(events)
            .extracting(SseEvent::data)
            .as("split %d chunk %d", split, chunk)
            .isEqualTo(expected);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        events.forEach(e -> raw.writeBytes(e.raw()));
        assertThat(raw.toByteArray()).isEqualTo(bytes);
      }
    }
  }

  @Test
  void eventNameIsKeptAndAnUnterminatedTailIsFlushedAtTheEnd() {
    SseFramer framer = new SseFramer();
    byte[] bytes = "event: ping\ndata: {}\n\ndata: partial".getBytes(StandardCharsets.UTF_8);

    List<SseEvent> events = framer.feed(bytes, 0, bytes.length);

    assertThat(events).singleElement().satisfies(e -> assertThat(e.event()).contains("ping"));
    assertThat(framer.finish())
        .get()
        .satisfies(
            e -> {
              assertThat(e.data()).isEqualTo("partial");
              assertThat(e.event()).isEqualTo(Optional.empty());
            });
    assertThat(framer.finish()).isEmpty();
  }

  private static List<SseEvent> frame(byte[] bytes, int firstSplit, int chunk) {
    SseFramer framer = new SseFramer();
    List<SseEvent> events = new ArrayList<>(framer.feed(bytes, 0, firstSplit));
    for (int i = firstSplit; i < bytes.length; i += chunk) {
      events.addAll(framer.feed(bytes, i, Math.min(chunk, bytes.length - i)));
    }
    framer.finish().ifPresent(events::add);
    return events;
  }
}
