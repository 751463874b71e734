package dev.proctor.gateway.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proctor.format.ExchangeEnd;
import dev.proctor.format.Json;
import java.io.IOException;
import java.util.Optional;

/**
 * Collects token usage from a response: the {@code usage} object of a body, or of the stream's
 * chunks (OpenAI's last chunk; Anthropic's {@code message_start} and {@code message_delta}).
 */
final class Usage {
  private long input = -1;
  private long output = -1;

  void fromBody(JsonNode body) {
    read(body.path("usage"));
  }

  void fromChunk(String data) {
    if (!data.contains("usage")) {
      return;
    }
    try {
      JsonNode node = Json.mapper().readTree(data);
      read(node.path("usage"));
      read(node.path("message").path("usage"));
    } catch (IOException e) {
      // not JSON: nothing to count
    }
  }

  private void read(JsonNode usage) {
    if (!usage.isObject()) {
      return;
    }
    long in = first(usage, "prompt_tokens", "input_tokens");
    long out = first(usage, "completion_tokens", "output_tokens");
    if (in >= 0) {
      input = in;
    }
    if (out >= 0) {
      output = out;
    }
  }

  private static long first(JsonNode usage, String a, String b) {
    JsonNode v = usage.has(a) ? usage.get(a) : usage.get(b);
    return v != null && v.canConvertToLong() ? v.asLong() : -1;
  }

  Optional<ExchangeEnd.Usage> result() {
    return input < 0 && output < 0
        ? Optional.empty()
        : Optional.of(new ExchangeEnd.Usage(Math.max(0, input), Math.max(0, output)));
  }
}
