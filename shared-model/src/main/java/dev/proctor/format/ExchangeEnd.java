package dev.proctor.format;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * Ends an exchange.
 *
 * @param bytesIn request body bytes received from the client
 * @param bytesOut response body bytes sent to the client
 * @param usage token usage when the API reported it
 * @param responseBody the response body of a non-streaming call, after masking
 * @param detail a sentence on why the exchange did not complete, when it did not
 */
public record ExchangeEnd(
    Outcome outcome,
    double durationMs,
    long bytesIn,
    long bytesOut,
    Optional<Usage> usage,
    Optional<JsonNode> responseBody,
    List<Finding> findings,
    Optional<String> detail)
    implements EventData {

  public ExchangeEnd {
    requireNonNull(outcome, "outcome");
    usage = usage == null ? Optional.empty() : usage;
    responseBody = responseBody == null ? Optional.empty() : responseBody.filter(n -> !n.isNull());
    findings = findings == null ? List.of() : List.copyOf(findings);
    detail = detail == null ? Optional.empty() : detail;
  }

  /** Token counts as the API reported them. */
  public record Usage(long inputTokens, long outputTokens) {}
}
