package dev.proctor.format;

import java.util.Map;

/**
 * The upstream's response head.
 *
 * @param ttfbMs milliseconds from sending the request upstream to the response head
 */
public record ExchangeResponse(int status, Map<String, String> headers, double ttfbMs)
    implements EventData {

  public ExchangeResponse {
    headers = Map.copyOf(headers);
  }
}
