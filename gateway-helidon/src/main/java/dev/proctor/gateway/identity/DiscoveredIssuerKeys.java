package dev.proctor.gateway.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Key sources backed by each issuer's JWKS: found through OIDC discovery unless configured, cached,
 * refreshed ahead of expiry and on an unknown {@code kid} (so rotation needs no restart), and
 * outage tolerant (the last good key set keeps working while the IdP is down).
 *
 * <p>Discovery runs on first use and again on failure, so the gateway starts while an IdP is still
 * down.
 */
public final class DiscoveredIssuerKeys implements TokenValidator.IssuerKeys {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Duration cacheTtl;
  private final Duration minRefreshInterval;
  private final Duration outageTolerance;

  public DiscoveredIssuerKeys(
      Duration cacheTtl, Duration minRefreshInterval, Duration outageTolerance) {
    this.cacheTtl = cacheTtl;
    this.minRefreshInterval = minRefreshInterval;
    this.outageTolerance = outageTolerance;
  }

  @Override
  public JWKSource<SecurityContext> source(TrustedIssuer issuer) {
    return new Lazy(issuer);
  }

  private JWKSource<SecurityContext> build(URL jwks) {
    return JWKSourceBuilder.<SecurityContext>create(jwks)
        .cache(cacheTtl.toMillis(), 5_000)
        .refreshAheadCache(true)
        .rateLimited(minRefreshInterval.toMillis())
        .outageTolerant(outageTolerance.toMillis())
        .retrying(true)
        .build();
  }

  URI discover(String issuer) throws KeySourceException {
    URI wellKnown = URI.create(issuer.replaceAll("/$", "") + "/.well-known/openid-configuration");
    try {
      HttpResponse<byte[]> response =
          http.send(
              HttpRequest.newBuilder(wellKnown).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new KeySourceException(
            "discovery of " + issuer + ": HTTP " + response.statusCode() + " from " + wellKnown);
      }
      JsonNode doc = MAPPER.readTree(response.body());
      if (!issuer.equals(doc.path("issuer").asText())) {
        throw new KeySourceException(
            "discovery of " + issuer + ": document names issuer " + doc.path("issuer").asText());
      }
      return URI.create(doc.path("jwks_uri").asText());
    } catch (IOException e) {
      throw new KeySourceException("discovery of " + issuer + ": " + reason(e, wellKnown), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KeySourceException("discovery of " + issuer + " interrupted", e);
    }
  }

  /** Why a request to {@code uri} failed; the JDK's client says nothing when nobody answers. */
  private static String reason(IOException e, URI uri) {
    if (e.getMessage() != null && !e.getMessage().isBlank()) {
      return e.getMessage();
    }
    return e instanceof java.net.ConnectException
        ? "nothing answers at " + uri.getHost() + ":" + uri.getPort()
        : e.getClass().getSimpleName();
  }

  /** Resolves the JWKS address on first use, then delegates to the cached source. */
  private final class Lazy implements JWKSource<SecurityContext> {
    private final TrustedIssuer issuer;
    private volatile JWKSource<SecurityContext> delegate;

    Lazy(TrustedIssuer issuer) {
      this.issuer = issuer;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
      JWKSource<SecurityContext> source = delegate;
      if (source == null) {
        synchronized (this) {
          if (delegate == null) {
            URI jwks =
                issuer.jwksUri().isPresent() ? issuer.jwksUri().get() : discover(issuer.issuer());
            try {
              delegate = build(jwks.toURL());
            } catch (IOException e) {
              throw new KeySourceException("jwks of " + issuer.issuer() + ": " + e.getMessage(), e);
            }
          }
          source = delegate;
        }
      }
      return source.get(selector, context);
    }
  }
}
