package dev.proctor.bench.index;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proctor.format.ApiKind;
import dev.proctor.format.Event;
import dev.proctor.format.EventChain;
import dev.proctor.format.ExchangeEnd;
import dev.proctor.format.ExchangeRequest;
import dev.proctor.format.Json;
import dev.proctor.format.Outcome;
import dev.proctor.format.RecordLevel;
import dev.proctor.format.SessionOpen;
import dev.proctor.format.Transcript;
import dev.proctor.format.Ulid;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.zip.ZipFile;

/**
 * Recorded sessions for the index benchmark, built in memory: prompts an agent would send about
 * code, and answers cut from real Java sources (the JDK's {@code java.base}) so the text has the
 * identifiers, comments and punctuation of the real thing. Two exchanges per session, so four
 * messages. The same seed gives the same corpus.
 */
final class Corpus {
  static final List<String> USERS = List.of("alice", "bob", "carol", "dave");
  static final List<String> MODELS = List.of("sim-1", "sim-2", "claude-sim");
  private static final List<String> ASKS =
      List.of(
          "refactor %s so it can be tested without the network",
          "why does %s throw when the buffer is empty?",
          "write unit tests for %s covering the error paths",
          "explain what %s does and where it is called from",
          "rename %s and update every caller in the module");
  private static final int CHUNK = 600;

  private final List<String> chunks;
  private final List<String> identifiers;

  private Corpus(List<String> chunks, List<String> identifiers) {
    this.chunks = chunks;
    this.identifiers = identifiers;
  }

  /** Cuts the {@code java.base} sources of a JDK {@code src.zip} into answer-sized pieces. */
  static Corpus fromJdkSources(Path srcZip, long maxBytes) throws IOException {
    if (!Files.exists(srcZip)) {
      throw new IOException(srcZip + " is missing: apt-get install openjdk-17-source");
    }
    List<String> chunks = new ArrayList<>();
    List<String> identifiers = new ArrayList<>();
    long bytes = 0;
    try (ZipFile zip = new ZipFile(srcZip.toFile())) {
      for (var e :
          zip.stream()
              .filter(
                  e -> e.getName().startsWith("java.base/java/") && e.getName().endsWith(".java"))
              .toList()) {
        String text;
        try (InputStream in = zip.getInputStream(e)) {
          text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String name = e.getName();
        identifiers.add(
            name.substring(name.lastIndexOf('/') + 1, name.length() - ".java".length()));
        for (int i = 0; i + CHUNK <= text.length(); i += CHUNK) {
          chunks.add(text.substring(i, i + CHUNK));
        }
        bytes += text.length();
        if (bytes > maxBytes) {
          break;
        }
      }
    }
    return new Corpus(chunks, identifiers);
  }

  /** Session {@code n} of the corpus. */
  Transcript session(long n) {
    // SplittableRandom mixes its seed; java.util.Random's first draws from neighbouring seeds
    // are nearly the same, which skewed users and models
    RandomGenerator random = new SplittableRandom(n * 7919L + 17);
    Instant start = Instant.parse("2026-10-01T00:00:00Z").plusSeconds(n * 7);
    String user = USERS.get(random.nextInt(USERS.size()));
    EventChain chain = EventChain.start(Ulid.at(start));
    List<Event> events = new ArrayList<>();
    events.add(
        chain
            .append(
                start,
                Optional.empty(),
                new SessionOpen(
                    new SessionOpen.Identity(
                        "https://idp.example.test",
                        user,
                        Optional.empty(),
                        Optional.empty(),
                        List.of(user.equals("carol") ? "contractors" : "developers"),
                        Map.of()),
                    new SessionOpen.Client("bench", Map.of(), "127.0.0.1"),
                    "sim-openai",
                    Map.of(
                        "repository",
                        new SessionOpen.Attribute(
                            random.nextBoolean() ? "acme/payments" : "acme/ledger", "declared")),
                    "default",
                    RecordLevel.FULL))
            .event());
    String model = MODELS.get(random.nextInt(MODELS.size()));
    for (int x = 0; x < 2; x++) {
      Instant t = start.plusSeconds(x + 1);
      Optional<String> xid = Optional.of(Ulid.at(t));
      String prompt =
          String.format(
                  ASKS.get(random.nextInt(ASKS.size())),
                  identifiers.get(random.nextInt(identifiers.size())))
              + "\n"
              + chunks.get(random.nextInt(chunks.size())).substring(0, 200);
      ObjectNode body = Json.mapper().createObjectNode();
      body.put("model", model);
      body.putArray("messages").addObject().put("role", "user").put("content", prompt);
      events.add(
          chain
              .append(
                  t,
                  xid,
                  new ExchangeRequest(
                      "POST",
                      "/v1/chat/completions",
                      ApiKind.OPENAI_CHAT,
                      Optional.of(model),
                      false,
                      Map.of(),
                      Optional.of(body),
                      List.of()))
              .event());
      ObjectNode response = Json.mapper().createObjectNode();
      response
          .putArray("choices")
          .addObject()
          .putObject("message")
          .put("content", chunks.get(random.nextInt(chunks.size())));
      events.add(
          chain
              .append(
                  t,
                  xid,
                  new ExchangeEnd(
                      Outcome.COMPLETED,
                      900,
                      100,
                      600,
                      Optional.empty(),
                      Optional.of(response),
                      List.of(),
                      Optional.empty()))
              .event());
    }
    return Transcript.of(events);
  }

  /** Words that occur in the corpus often enough to make realistic queries. */
  static final List<String> QUERY_WORDS =
      List.of(
          "buffer",
          "index",
          "length",
          "null",
          "exception",
          "array",
          "string",
          "value",
          "thread",
          "lock",
          "capacity",
          "offset",
          "charset",
          "element",
          "iterator",
          "stream",
          "unsafe",
          "byte",
          "integer",
          "callers",
          "tests",
          "refactor",
          "module",
          "empty",
          "network");
}
