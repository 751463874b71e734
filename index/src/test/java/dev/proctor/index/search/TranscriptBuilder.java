package dev.proctor.index.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proctor.format.ApiKind;
import dev.proctor.format.Event;
import dev.proctor.format.EventChain;
import dev.proctor.format.ExchangeEnd;
import dev.proctor.format.ExchangeRequest;
import dev.proctor.format.Finding;
import dev.proctor.format.Json;
import dev.proctor.format.Outcome;
import dev.proctor.format.RecordLevel;
import dev.proctor.format.SessionOpen;
import dev.proctor.format.Transcript;
import dev.proctor.format.Ulid;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds recorded sessions in memory, event by event, for index tests. */
public final class TranscriptBuilder {
  private final EventChain chain;
  private final List<Event> events = new ArrayList<>();
  private Instant time;

  public TranscriptBuilder(String user, List<String> groups, Instant start) {
    this.chain = EventChain.start(Ulid.at(start));
    this.time = start;
    events.add(
        chain
            .append(
                start,
                Optional.empty(),
                new SessionOpen(
                    new SessionOpen.Identity(
                        "iss", user, Optional.empty(), Optional.empty(), groups, Map.of()),
                    new SessionOpen.Client("test", Map.of(), "127.0.0.1"),
                    "sim-openai",
                    Map.of("environment", new SessionOpen.Attribute("ci", "token")),
                    "default",
                    RecordLevel.FULL))
            .event());
  }

  /** A chat exchange a minute after the previous one. */
  public TranscriptBuilder chat(
      String model, String prompt, String answer, List<Finding> requestFindings) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("model", model);
    body.putArray("messages").addObject().put("role", "user").put("content", prompt);
    ObjectNode response = Json.mapper().createObjectNode();
    response.putArray("choices").addObject().putObject("message").put("content", answer);
    return exchange(ApiKind.OPENAI_CHAT, model, body, response, requestFindings);
  }

  public TranscriptBuilder exchange(
      ApiKind api, String model, JsonNode body, JsonNode response, List<Finding> requestFindings) {
    time = time.plusSeconds(60);
    Optional<String> xid = Optional.of(Ulid.at(time));
    events.add(
        chain
            .append(
                time,
                xid,
                new ExchangeRequest(
                    "POST",
                    "/v1/chat/completions",
                    api,
                    Optional.of(model),
                    false,
                    Map.of(),
                    Optional.of(body),
                    requestFindings))
            .event());
    events.add(
        chain
            .append(
                time,
                xid,
                new ExchangeEnd(
                    Outcome.COMPLETED,
                    1,
                    1,
                    1,
                    Optional.empty(),
                    Optional.of(response),
                    List.of(),
                    Optional.empty()))
            .event());
    return this;
  }

  public Transcript build() {
    return Transcript.of(events);
  }
}
