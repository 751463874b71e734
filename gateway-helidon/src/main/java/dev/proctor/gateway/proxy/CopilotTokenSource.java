package dev.proctor.gateway.proxy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proctor.format.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The short-lived GitHub Copilot API token, exchanged for a long-lived GitHub token and renewed
 * before it expires.
 *
 * <p>This is the undocumented interface public Copilot proxies use: {@code GET <token-url>} with
 * {@code Authorization: token <github token>} answers {@code {token, expires_at, refresh_in}}.
 * Every URL and header is configurable. The token is renewed on the first call after {@code
 * refresh_in} has passed or within {@code margin} of {@code expires_at}; concurrent callers wait
 * for one exchange.
 */
public final class CopilotTokenSource implements Supplier<String> {
  private final URI tokenUrl;
  private final Supplier<String> githubToken;
  private final Map<String, String> headers;
  private final Duration margin;
  private final Clock clock;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private String token;
  private Instant renewAt = Instant.MIN;

  /**
   * @param githubToken the long-lived GitHub token (from env or a file); never sent anywhere else
   * @param headers sent with the exchange, for example {@code Editor-Version}
   * @param margin renew this long before {@code expires_at}
   */
  public CopilotTokenSource(
      URI tokenUrl,
      Supplier<String> githubToken,
      Map<String, String> headers,
      Duration margin,
      Clock clock) {
    this.tokenUrl = requireNonNull(tokenUrl, "tokenUrl");
    this.githubToken = requireNonNull(githubToken, "githubToken");
    this.headers = Map.copyOf(headers);
    this.margin = requireNonNull(margin, "margin");
    this.clock = requireNonNull(clock, "clock");
  }

  /** The long-lived GitHub token the Copilot token is exchanged for. */
  Supplier<String> githubToken() {
    return githubToken;
  }

  /**
   * The current Copilot token, renewed first when due.
   *
   * @throws UncheckedIOException if the exchange fails; the call then fails with 502
   */
  @Override
  public synchronized String get() {
    if (token == null || !clock.instant().isBefore(renewAt)) {
      exchange();
    }
    return token;
  }

  private void exchange() {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(tokenUrl)
            .timeout(Duration.ofSeconds(15))
            .header("Authorization", "token " + githubToken.get())
            .header("Accept", "application/json")
            .GET();
    headers.forEach(request::header);
    try {
      HttpResponse<byte[]> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new IOException(
            "Copilot token exchange at " + tokenUrl + " answered HTTP " + response.statusCode());
      }
      JsonNode body = Json.mapper().readTree(response.body());
      if (!body.path("token").isTextual() || !body.path("expires_at").canConvertToLong()) {
        throw new IOException(
            "Copilot token exchange at " + tokenUrl + ": expected {token, expires_at}");
      }
      Instant now = clock.instant();
      Instant expires = Instant.ofEpochSecond(body.get("expires_at").asLong());
      Instant byExpiry = expires.minus(margin);
      Instant byHint =
          body.path("refresh_in").canConvertToLong()
              ? now.plusSeconds(body.get("refresh_in").asLong())
              : byExpiry;
      token = body.get("token").asText();
      renewAt = byHint.isBefore(byExpiry) ? byHint : byExpiry;
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("Copilot token exchange interrupted", e));
    }
  }

  @Override
  public String toString() {
    return "copilot token from " + tokenUrl;
  }
}
