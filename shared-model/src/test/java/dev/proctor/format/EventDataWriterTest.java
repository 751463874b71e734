package dev.proctor.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written encoding of exchange events gives the bytes data binding gives, always. */
class EventDataWriterTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String[] STRINGS = {
    "",
    "plain",
    "quote \" and backslash \\",
    "tab\tnew\nline\rcr",
    "\u0000\u0001\u001f\u007f",
    "ünïcödé ✓ 日本語",
    "emoji 😀 pair",
    "</script>",
    "lone \ud800 surrogate",
    "a".repeat(300)
  };

  private final Random random = new Random(7);

  @Test
  void exchangeEventsEncodeToTheBytesOfDataBinding() throws Exception {
    List<EventData> events = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      events.add(request());
      events.add(new ExchangeResponse(100 + random.nextInt(500), headers(), number()));
      events.add(new ExchangeChunk(number(), optional(this::string), string()));
      events.add(end());
    }
    events.add(
        new ExchangeEnd(
            Outcome.TIMEOUT,
            Double.NaN,
            0,
            0,
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Optional.empty()));
    events.add(new ExchangeChunk(Double.POSITIVE_INFINITY, Optional.empty(), ""));

    for (EventData event : events) {
      String bound = new String(Json.mapper().writeValueAsBytes(event), StandardCharsets.UTF_8);
      String written = new String(EventCodec.encodeData(event), StandardCharsets.UTF_8);
      assertThat(written).as("%s", event).isEqualTo(bound);
    }
  }

  @Test
  void otherEventsStillEncodeAndDecode() {
    SessionClose close = new SessionClose("idle", 3);
    byte[] line =
        EventCodec.encode(
            new Event("01KBTESTSESSION00000000000", 4, Instant.now(), null, close, "ab"));

    assertThat(EventCodec.decode(line).data()).isEqualTo(close);
  }

  private ExchangeRequest request() {
    return new ExchangeRequest(
        random.nextBoolean() ? "POST" : "GET",
        "/v1/" + string(),
        ApiKind.values()[random.nextInt(ApiKind.values().length)],
        optional(this::string),
        random.nextBoolean(),
        headers(),
        optional(() -> tree(3)),
        findings());
  }

  private ExchangeEnd end() {
    return new ExchangeEnd(
        Outcome.values()[random.nextInt(Outcome.values().length)],
        number(),
        random.nextLong(0, Long.MAX_VALUE),
        random.nextInt(100_000),
        optional(() -> new ExchangeEnd.Usage(random.nextInt(5000), random.nextLong())),
        optional(() -> tree(3)),
        findings(),
        optional(this::string));
  }

  private Map<String, String> headers() {
    Map<String, String> headers = new HashMap<>();
    for (int i = random.nextInt(6); i > 0; i--) {
      headers.put(random.nextBoolean() ? "x-h" + random.nextInt(100) : string(), string());
    }
    return headers;
  }

  private List<Finding> findings() {
    List<Finding> findings = new ArrayList<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      findings.add(
          new Finding(
              string(),
              Finding.Direction.values()[random.nextInt(2)],
              "$.messages[" + random.nextInt(9) + "].content",
              random.nextInt(1000),
              random.nextInt(100),
              Finding.Action.values()[random.nextInt(2)],
              Long.toHexString(random.nextLong())));
    }
    return findings;
  }

  private JsonNode tree(int depth) {
    return switch (depth <= 0 ? random.nextInt(7) : random.nextInt(9)) {
      case 0 -> NODES.textNode(string());
      case 1 -> NODES.numberNode(random.nextInt());
      case 2 -> NODES.numberNode(random.nextLong());
      case 3 -> NODES.numberNode(number());
      case 4 -> NODES.numberNode(new BigDecimal(BigInteger.valueOf(random.nextLong()), 7));
      case 5 -> NODES.booleanNode(random.nextBoolean());
      case 6 -> random.nextBoolean() ? NODES.nullNode() : NODES.numberNode(1.5f);
      case 7 -> {
        ArrayNode array = NODES.arrayNode();
        for (int i = random.nextInt(4); i > 0; i--) {
          array.add(tree(depth - 1));
        }
        yield array;
      }
      default -> {
        ObjectNode object = NODES.objectNode();
        for (int i = random.nextInt(5); i > 0; i--) {
          object.set(string(), tree(depth - 1)); // insertion order, which the format keeps
        }
        yield object;
      }
    };
  }

  private double number() {
    return switch (random.nextInt(4)) {
      case 0 -> random.nextInt(1000);
      case 1 -> random.nextDouble() * 1000;
      case 2 -> 1e-7 * random.nextDouble();
      default -> random.nextDouble() * 1e22;
    };
  }

  private String string() {
    return STRINGS[random.nextInt(STRINGS.length)] + (random.nextBoolean() ? random.nextInt() : "");
  }

  private <T> Optional<T> optional(java.util.function.Supplier<T> value) {
    return random.nextInt(3) == 0 ? Optional.empty() : Optional.of(value.get());
  }
}
