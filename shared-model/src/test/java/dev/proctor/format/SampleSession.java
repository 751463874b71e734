package dev.proctor.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.nimbusds.jose.jwk.ECKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A small, fully deterministic session: one streamed chat exchange in two segments. */
final class SampleSession {
  static final Instant START = Instant.parse("2024-11-20T10:15:30.123456Z");
  static final String SID = Ulid.encode(START.toEpochMilli(), 0x5EC0, 0x0123456789ABCDEFL);
  static final String XID = Ulid.encode(START.toEpochMilli() + 1, 0x5EC0, 0x0123456789ABCDF0L);
  static final S3Layout LAYOUT = new S3Layout("");

  private SampleSession() {}

  static List<EventChain.Link> links() {
    EventChain chain = EventChain.start(SID);
    List<EventChain.Link> links = new ArrayList<>();
    Optional<String> xid = Optional.of(XID);
    links.add(
        chain.append(
            START,
            Optional.empty(),
            new SessionOpen(
                new SessionOpen.Identity(
                    "http://127.0.0.1:9100/corp",
                    "alice",
                    Optional.of("Alice Developer"),
                    Optional.of("alice@example.com"),
                    List.of("developers"),
                    Map.of()),
                new SessionOpen.Client("openai-java/4", Map.of(), "127.0.0.1"),
                "sim-openai",
                Map.of("repository", new SessionOpen.Attribute("acme/widgets", "declared")),
                "default",
                RecordLevel.FULL)));
    JsonNodeFactory f = JsonNodeFactory.instance;
    JsonNode body =
        f.objectNode()
            .put("model", "sim-1")
            .put("stream", true)
            .set(
                "messages",
                f.arrayNode().add(f.objectNode().put("role", "user").put("content", "Say hello")));
    links.add(
        chain.append(
            START.plusMillis(1),
            xid,
            new ExchangeRequest(
                "POST",
                "/v1/chat/completions",
                ApiKind.OPENAI_CHAT,
                Optional.of("sim-1"),
                true,
                Map.of("user-agent", "openai-java/4"),
                Optional.of(body),
                List.of())));
    links.add(
        chain.append(
            START.plusMillis(12),
            xid,
            new ExchangeResponse(200, Map.of("content-type", "text/event-stream"), 10.5)));
    links.add(
        chain.append(
            START.plusMillis(13),
            xid,
            new ExchangeChunk(
                0.25, Optional.empty(), "{\"choices\":[{\"delta\":{\"content\":\"Hello\"}}]}")));
    links.add(
        chain.append(
            START.plusMillis(40),
            xid,
            new ExchangeChunk(
                27.5, Optional.empty(), "{\"choices\":[{\"delta\":{\"content\":\" there\"}}]}")));
    links.add(
        chain.append(
            START.plusMillis(41), xid, new ExchangeChunk(28.0, Optional.empty(), "[DONE]")));
    links.add(
        chain.append(
            START.plusMillis(42),
            xid,
            new ExchangeEnd(
                Outcome.COMPLETED,
                41.0,
                96,
                210,
                Optional.of(new ExchangeEnd.Usage(3, 2)),
                Optional.empty(),
                List.of(),
                Optional.empty())));
    links.add(chain.append(START.plusSeconds(60), Optional.empty(), new SessionClose("idle", 1)));
    return links;
  }

  /** Lines split into the two segments the golden files hold: seq 0-3 and 4-7. */
  static List<List<byte[]>> segmentLines(List<EventChain.Link> links) {
    List<byte[]> lines = links.stream().map(EventChain.Link::line).toList();
    return List.of(lines.subList(0, 4), lines.subList(4, lines.size()));
  }

  static Manifest manifest(List<EventChain.Link> links, List<byte[]> segmentObjects) {
    List<Manifest.Segment> segments = new ArrayList<>();
    long first = 0;
    for (byte[] object : segmentObjects) {
      int count = Segments.lines(object).size();
      segments.add(
          new Manifest.Segment(
              LAYOUT.segmentKey(SID, first),
              first,
              first + count - 1,
              count,
              Hashes.sha256Hex(object)));
      first += count;
    }
    return new Manifest(
        1,
        SID,
        new Manifest.Summary(
            "alice",
            "http://127.0.0.1:9100/corp",
            "sim-openai",
            START,
            START.plusSeconds(60),
            1,
            "idle"),
        segments,
        links.size(),
        links.getLast().hash());
  }

  static ECKey key(String kid) {
    return ManifestSigner.generateKey(kid);
  }
}
