package dev.proctor.format;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The request of an exchange, as it was sent upstream.
 *
 * @param headers allow-listed request headers; credentials are never among them
 * @param body the body as sent upstream, after masking: JSON as JSON, anything else as a string;
 *     absent at record level {@code metadata}
 */
public record ExchangeRequest(
    String method,
    String path,
    ApiKind api,
    Optional<String> model,
    boolean stream,
    Map<String, String> headers,
    Optional<JsonNode> body,
    List<Finding> findings)
    implements EventData {

  public ExchangeRequest {
    requireNonNull(method, "method");
    requireNonNull(path, "path");
    requireNonNull(api, "api");
    model = model == null ? Optional.empty() : model;
    headers = Map.copyOf(headers);
    body = body == null ? Optional.empty() : body.filter(n -> !n.isNull());
    findings = findings == null ? List.of() : List.copyOf(findings);
  }
}
