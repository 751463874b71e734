package dev.proctor.format;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One upstream server-sent event, as relayed to the client.
 *
 * @param offsetMs milliseconds from the response head to this event; replay uses it for timing
 * @param event the SSE {@code event:} name, when there was one
 * @param data the SSE {@code data:} payload after masking (lines joined by {@code \n})
 */
public record ExchangeChunk(double offsetMs, Optional<String> event, String data)
    implements EventData {

  public ExchangeChunk {
    event = event == null ? Optional.empty() : event;
    requireNonNull(data, "data");
  }
}
