package dev.proctor.gateway.masking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proctor.format.Finding;
import dev.proctor.gateway.sse.SseEvent;
import dev.proctor.gateway.sse.SseFramer;
import dev.proctor.secrets.Checksum;
import dev.proctor.secrets.Fingerprinter;
import dev.proctor.secrets.RuleSet;
import dev.proctor.secrets.SecretMatch;
import dev.proctor.secrets.SecretScanner;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The streaming property at the gateway's level: an answer's SSE bytes, cut anywhere (inside an SSE
 * line, inside a multi-byte character) and framed, masked and re-encoded event by event, reassemble
 * on the client to exactly the masking of the whole text, for every API shape; and no secret, nor
 * its first 8 characters, reaches the client.
 */
class EventStreamMaskerTest {
  static final SecretScanner SCANNER =
      new SecretScanner(
          RuleSet.builtIn(),
          new Fingerprinter("test-organisation-fingerprint-key".getBytes(StandardCharsets.UTF_8)));
  static final JsonMasker MASKER = new JsonMasker(SCANNER);

  static final Map<StreamShape, String> CHANNEL =
      Map.of(
          StreamShape.OPENAI_CHAT_CONTENT, "$.choices[0].delta.content",
          StreamShape.OPENAI_CHAT_TOOL_ARGUMENTS,
              "$.choices[0].delta.tool_calls[0].function.arguments",
          StreamShape.OPENAI_COMPLETIONS, "$.choices[0].text",
          StreamShape.ANTHROPIC_TEXT, "$.content[0].text",
          StreamShape.ANTHROPIC_TOOL_INPUT, "$.content[0].partial_json",
          StreamShape.OPENAI_RESPONSES, "$.output[msg_1].output_text[0]");

  @ParameterizedTest
  @EnumSource(StreamShape.class)
  void oneEventPerCharacterFedOneByteAtATimeEqualsWholeTextMasking(StreamShape shape) {
    String text = answer(new Random(1));
    byte[] wire = wire(shape, codePoints(text));

    Run run = relay(wire, () -> 1, MaskingPolicy.MASK);

    assertStreamedLikeWhole(shape, text, run);
    assertThat(run.findings())
        .extracting(Finding::path, Finding::offset, Finding::length, Finding::action)
        .containsExactlyElementsOf(
            SCANNER.scan(text).stream()
                .map(
                    m ->
                        org.assertj.core.groups.Tuple.tuple(
                            CHANNEL.get(shape), m.start(), m.length(), Finding.Action.MASKED))
                .toList());
  }

  @ParameterizedTest
  @EnumSource(StreamShape.class)
  void randomPiecesCutAtRandomBytesEqualWholeTextMasking(StreamShape shape) {
    Random random = new Random(shape.ordinal() * 31L + 7);
    for (int round = 0; round < 1_700; round++) {
      String text = answer(random);
      byte[] wire = wire(shape, randomPieces(text, random));
      Run run =
          relay(wire, () -> 1 + random.nextInt(random.nextBoolean() ? 7 : 300), MaskingPolicy.MASK);
      assertStreamedLikeWhole(shape, text, run);
    }
  }

  @ParameterizedTest
  @EnumSource(StreamShape.class)
  void everyByteBoundaryEqualsWholeTextMasking(StreamShape shape) {
    Random random = new Random(99);
    String text =
        "Set DATABASE_URL=postgres://app:" + alnum(random, 18) + "@db:5432/app ✓ 🚀 done.";
    byte[] wire = wire(shape, words(text));
    for (int cut = 0; cut <= wire.length; cut++) {
      int[] first = {cut};
      Run run =
          relay(
              wire,
              () -> {
                int n = first[0] > 0 ? first[0] : Integer.MAX_VALUE;
                first[0] = 0;
                return n;
              },
              MaskingPolicy.MASK);
      assertStreamedLikeWhole(shape, text, run);
    }
  }

  @ParameterizedTest
  @EnumSource(StreamShape.class)
  void detectSendsTheUpstreamBytesUnchangedAndRecordsTheMaskedText(StreamShape shape) {
    String text = answer(new Random(5));
    byte[] wire = wire(shape, words(text));

    Run run = relay(wire, () -> 13, MaskingPolicy.DETECT);

    assertThat(concat(run.toClient())).isEqualTo(wire);
    assertThat(shape.reassemble(StreamShape.json(run.toRecord())))
        .isEqualTo(SCANNER.mask(text).text());
    assertThat(run.findings())
        .hasSize(SCANNER.scan(text).size())
        .allSatisfy(f -> assertThat(f.action()).isEqualTo(Finding.Action.DETECTED));
  }

  @Test
  void aResponsesDoneEventCarriesTheMaskedWholeTextAndItsSecretsAreNotCountedTwice() {
    String text = answer(new Random(11));
    Run run = relay(wire(StreamShape.OPENAI_RESPONSES, words(text)), () -> 64, MaskingPolicy.MASK);

    String masked = SCANNER.mask(text).text();
    List<String> wholeTexts =
        StreamShape.json(run.toClient()).stream()
            .flatMap(
                e ->
                    java.util.stream.Stream.of(
                        e.path("text"),
                        e.path("response")
                            .path("output")
                            .path(0)
                            .path("content")
                            .path(0)
                            .path("text")))
            .filter(n -> n.isTextual())
            .map(n -> n.asText())
            .toList();
    assertThat(wholeTexts).containsExactly(masked, masked);
    assertThat(run.findings()).hasSize(SCANNER.scan(text).size());
  }

  @Test
  void aBrokenStreamDropsTheHeldTextAndKeepsTheFindingsOfWhatWasReleased() {
    Random random = new Random(3);
    String aws = "AKIA" + random(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
    String token = githubToken(random);
    String text = "First AWS_ACCESS_KEY_ID=" + aws + " and then " + token;
    List<String> frames = StreamShape.OPENAI_CHAT_CONTENT.events(codePoints(text));
    // the role chunk, then one event per character: the stream breaks 12 characters into the token
    byte[] broken =
        String.join("", frames.subList(0, 1 + text.indexOf(token) + 12))
            .getBytes(StandardCharsets.UTF_8);

    SseFramer framer = new SseFramer();
    EventStreamMasker masker = new EventStreamMasker(MASKER, MaskingPolicy.MASK);
    List<SseEvent> client = new ArrayList<>();
    for (SseEvent e : framer.feed(broken, 0, broken.length)) {
      client.addAll(masker.apply(e).toClient());
    }
    masker.abandon();

    String received = StreamShape.OPENAI_CHAT_CONTENT.reassemble(StreamShape.json(client));
    assertThat(received)
        .contains("AWS_ACCESS_KEY_ID=[MASKED:aws-access-key-id:")
        .endsWith(" and then ");
    assertThat(new String(concat(client), StandardCharsets.UTF_8))
        .doesNotContain(token.substring(0, 8));
    assertThat(masker.findings()).extracting(Finding::rule).containsExactly("aws-access-key-id");
  }

  @ParameterizedTest
  @EnumSource(
      value = MaskingPolicy.class,
      names = {"MASK", "DETECT"})
  void signedThinkingReachesTheClientAsItCameAndIsRecordedMasked(MaskingPolicy policy) {
    Random random = new Random(23);
    String thinking = answer(random);
    String text = answer(random);
    List<String> thinkingFrames = new ArrayList<>();
    byte[] wire = thinkingThenText(codePoints(thinking), words(text), thinkingFrames);

    Run run = relay(wire, () -> 1 + random.nextInt(40), policy);

    String clientWire = new String(concat(run.toClient()), StandardCharsets.UTF_8);
    assertThat(thinkingFrames).allSatisfy(frame -> assertThat(clientWire).contains(frame));
    List<com.fasterxml.jackson.databind.JsonNode> client = StreamShape.json(run.toClient());
    assertThat(deltas(client, "thinking_delta", "thinking")).isEqualTo(thinking);
    assertThat(deltas(client, "text_delta", "text"))
        .isEqualTo(policy == MaskingPolicy.MASK ? SCANNER.mask(text).text() : text);
    List<com.fasterxml.jackson.databind.JsonNode> recorded = StreamShape.json(run.toRecord());
    assertThat(deltas(recorded, "thinking_delta", "thinking"))
        .isEqualTo(SCANNER.mask(thinking).text());
    assertThat(deltas(recorded, "text_delta", "text")).isEqualTo(SCANNER.mask(text).text());
    assertThat(deltas(recorded, "signature_delta", "signature")).isEqualTo(SIGNATURE);
    assertThat(run.findings())
        .filteredOn(f -> f.path().equals("$.content[0].thinking"))
        .hasSize(SCANNER.scan(thinking).size())
        .allSatisfy(f -> assertThat(f.action()).isEqualTo(Finding.Action.DETECTED));
    assertThat(run.findings())
        .filteredOn(f -> f.path().equals("$.content[1].text"))
        .hasSize(SCANNER.scan(text).size())
        .allSatisfy(f -> assertThat(f.action()).isEqualTo(policy.action()));
  }

  private static final String SIGNATURE = "EqQBCkgIBhABGAIiQL1kSignatureOverTheThinking+/==";

  /**
   * An Anthropic answer with extended thinking: a thinking block (its text in {@code thinking}
   * pieces, then its signature) and a text block.
   *
   * @param thinkingFrames receives the frames of the thinking block, as sent
   */
  private static byte[] thinkingThenText(
      List<String> thinking, List<String> text, List<String> thinkingFrames) {
    List<String> frames = new ArrayList<>();
    frames.add(
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\","
            + "\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"m\","
            + "\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n");
    thinkingFrames.add(
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
            + "\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}\n\n");
    thinking.forEach(
        piece -> thinkingFrames.add(blockDelta(0, "thinking_delta", "thinking", piece)));
    thinkingFrames.add(blockDelta(0, "signature_delta", "signature", SIGNATURE));
    frames.addAll(thinkingFrames);
    frames.add(
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
    frames.add(
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,"
            + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
    text.forEach(piece -> frames.add(blockDelta(1, "text_delta", "text", piece)));
    frames.add(
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\n");
    frames.add("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    return String.join("", frames).getBytes(StandardCharsets.UTF_8);
  }

  private static String blockDelta(int index, String type, String field, String value) {
    return "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":"
        + index
        + ",\"delta\":{\"type\":\""
        + type
        + "\",\""
        + field
        + "\":"
        + com.fasterxml.jackson.databind.node.TextNode.valueOf(value)
        + "}}\n\n";
  }

  /** The text of one kind of Anthropic delta, as a client joins it. */
  private static String deltas(
      List<com.fasterxml.jackson.databind.JsonNode> events, String type, String field) {
    StringBuilder joined = new StringBuilder();
    for (var e : events) {
      if (e.path("delta").path("type").asText().equals(type)) {
        joined.append(e.path("delta").path(field).asText());
      }
    }
    return joined.toString();
  }

  @Test
  void cleanTextIsReleasedAsItComes() {
    String text =
        "The build failed because the test fixture expects a trailing newline. Add it to "
            + "src/test/resources/expected.txt and rerun the suite; nothing else needs to change. ";
    List<String> pieces = words(text.repeat(5));
    EventStreamMasker masker = new EventStreamMasker(MASKER, MaskingPolicy.MASK);
    SseFramer framer = new SseFramer();
    int events = 0;
    int maxHeld = 0;
    for (String frame : StreamShape.ANTHROPIC_TEXT.events(pieces)) {
      byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
      for (SseEvent e : framer.feed(bytes, 0, bytes.length)) {
        masker.apply(e);
        maxHeld = Math.max(maxHeld, masker.heldBack());
        events++;
      }
    }
    assertThat(events).isGreaterThan(pieces.size());
    // Only a tail that could begin a keyword (such as "sk" or "gh") is ever held.
    assertThat(maxHeld).isLessThanOrEqualTo(8);
  }

  // --- the relay under test: framer, masker, encoder, as UpstreamRelay composes them ---

  record Run(List<SseEvent> toClient, List<SseEvent> toRecord, List<Finding> findings) {}

  static Run relay(byte[] wire, IntSupplier chunkSizes, MaskingPolicy policy) {
    SseFramer framer = new SseFramer();
    EventStreamMasker masker = new EventStreamMasker(MASKER, policy);
    List<SseEvent> client = new ArrayList<>();
    List<SseEvent> record = new ArrayList<>();
    int at = 0;
    while (at < wire.length) {
      int n = Math.min(chunkSizes.getAsInt(), wire.length - at);
      for (SseEvent e : framer.feed(wire, at, n)) {
        EventStreamMasker.Relay relay = masker.apply(e);
        client.addAll(relay.toClient());
        record.addAll(relay.toRecord());
      }
      at += n;
    }
    framer.finish().ifPresent(e -> client.addAll(masker.apply(e).toClient()));
    EventStreamMasker.Relay rest = masker.finish();
    client.addAll(rest.toClient());
    record.addAll(rest.toRecord());
    return new Run(client, record, masker.findings());
  }

  static void assertStreamedLikeWhole(StreamShape shape, String text, Run run) {
    String clientBytes = strictUtf8(concat(run.toClient()));
    String reassembled = shape.reassemble(StreamShape.json(run.toClient()));
    assertThat(reassembled).as("%s of %s", shape, text).isEqualTo(SCANNER.mask(text).text());
    for (SecretMatch m : SCANNER.scan(text)) {
      String prefix = text.substring(m.start(), m.start() + 8);
      assertThat(clientBytes).doesNotContain(prefix);
    }
  }

  // --- answers ---

  /** An answer with an AWS key, a GitHub token, a database URL and a PEM key, in prose and code. */
  static String answer(Random random) {
    String aws = "AKIA" + random(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
    String pem =
        "-----BEGIN RSA PRIVATE KEY-----\n"
            + base64(random, 64)
            + "\n"
            + base64(random, 64)
            + "\n"
            + base64(random, 20)
            + "\n-----END RSA PRIVATE KEY-----";
    return "Sure — here is the fix. Ünïcödé ✓ 🚀\n\n```sh\nexport AWS_ACCESS_KEY_ID="
        + aws
        + "\n```\nThen push with "
        + githubToken(random)
        + " and connect to \"postgres://app:"
        + alnum(random, 16)
        + "@db.internal:5432/app\".\n\nThe key file:\n"
        + pem
        + "\nskipped tokens and a gh-pages branch are fine; 東京 ✓.";
  }

  static String githubToken(Random random) {
    String entropy = alnum(random, 30);
    return "ghp_" + entropy + Checksum.crc32Base62(entropy);
  }

  static byte[] wire(StreamShape shape, List<String> pieces) {
    return String.join("", shape.events(pieces)).getBytes(StandardCharsets.UTF_8);
  }

  static List<String> codePoints(String text) {
    return text.codePoints().mapToObj(Character::toString).toList();
  }

  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= text.length(); i++) {
      if (i == text.length() || (text.charAt(i - 1) == ' ' && text.charAt(i) != ' ')) {
        words.add(text.substring(start, i));
        start = i;
      }
    }
    return words;
  }

  /** Pieces of 1 to 12 code points, so that no piece splits a surrogate pair. */
  static List<String> randomPieces(String text, Random random) {
    List<String> points = codePoints(text);
    List<String> pieces = new ArrayList<>();
    int i = 0;
    while (i < points.size()) {
      int n = Math.min(1 + random.nextInt(12), points.size() - i);
      pieces.add(String.join("", points.subList(i, i + n)));
      i += n;
    }
    return pieces;
  }

  static byte[] concat(List<SseEvent> events) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    events.forEach(e -> out.writeBytes(e.raw()));
    return out.toByteArray();
  }

  static String strictUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new AssertionError("the client received broken UTF-8", e);
    }
  }

  static String alnum(Random random, int n) {
    return random(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", n);
  }

  static String base64(Random random, int n) {
    return random(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", n);
  }

  static String random(Random random, String alphabet, int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
