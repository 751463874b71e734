package dev.proctor.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TranscriptTest {
  @Test
  void streamedChatIsReassembledFromItsChunks() {
    List<Event> events = SampleSession.links().stream().map(EventChain.Link::event).toList();

    Transcript transcript = Transcript.of(events);

    assertThat(transcript.sid()).isEqualTo(SampleSession.SID);
    assertThat(transcript.open()).get().extracting(o -> o.identity().subject()).isEqualTo("alice");
    assertThat(transcript.exchanges())
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.prompt()).isEqualTo("Say hello");
              assertThat(x.responseText()).isEqualTo("Hello there");
              assertThat(x.end())
                  .get()
                  .extracting(ExchangeEnd::outcome)
                  .isEqualTo(Outcome.COMPLETED);
            });
    assertThat(transcript.close()).get().extracting(SessionClose::reason).isEqualTo("idle");
  }

  @Test
  void chunkWithoutItsRequestIsAFormatError() {
    List<Event> events = SampleSession.links().stream().map(EventChain.Link::event).toList();
    List<Event> withoutRequest = List.of(events.get(0), events.get(3));

    assertThatThrownBy(() -> Transcript.of(withoutRequest))
        .isInstanceOf(FormatException.class)
        .hasMessage("seq 3: exchange.chunk for an exchange that has no request");
  }
}
