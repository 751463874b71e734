package dev.proctor.review.signin;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.AuthenticationErrorResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * OpenID Connect sign-in for a desktop app (RFC 8252): the authorization code flow with PKCE, the
 * code returned to a one-shot listener on the loopback interface, the ID token validated against
 * the provider's keys. Tokens live in memory only; the access token is refreshed with the refresh
 * token shortly before it runs out.
 */
public final class OidcSignIn implements SignIn {
  private static final Duration REFRESH_AHEAD = Duration.ofSeconds(60);
  private static final Duration WAIT_FOR_BROWSER = Duration.ofMinutes(5);

  private final java.util.function.Supplier<Client> configured;
  private Issuer issuer;
  private ClientID client;
  private final BrowserLauncher browser;
  private final Clock clock;
  private OIDCProviderMetadata provider;
  private Tokens tokens;

  private record Tokens(
      String access, Optional<RefreshToken> refresh, Instant expires, String user) {
    Tokens withUser(String name) {
      return new Tokens(access, refresh, expires, name.isEmpty() ? user : name);
    }
  }

  /** The identity provider and the client the workstation is registered as there. */
  public record Client(String issuer, String clientId) {}

  /**
   * @param configured read at each sign-in, so changed settings apply to the next one
   */
  public OidcSignIn(
      java.util.function.Supplier<Client> configured, BrowserLauncher browser, Clock clock) {
    this.configured = configured;
    this.browser = browser;
    this.clock = clock;
  }

  @Override
  public synchronized String signIn() throws IOException, InterruptedException {
    Client now = configured.get();
    if (now.issuer().isBlank()) {
      throw new IOException("No identity provider is set: give its issuer URL in Settings.");
    }
    if (issuer == null || !issuer.getValue().equals(now.issuer())) {
      provider = null; // another provider: discover it again
    }
    issuer = new Issuer(now.issuer());
    client = new ClientID(now.clientId());
    OIDCProviderMetadata op = provider();
    CodeVerifier verifier = new CodeVerifier();
    State state = new State();
    Nonce nonce = new Nonce();
    CompletableFuture<URI> callback = new CompletableFuture<>();
    HttpServer loopback =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    loopback.createContext(
        "/callback",
        exchange -> {
          byte[] page =
              "<!doctype html><title>Proctor</title><p>Signed in to the Proctor workstation. You can close this tab."
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
          exchange.sendResponseHeaders(200, page.length);
          exchange.getResponseBody().write(page);
          exchange.close();
          callback.complete(URI.create("http://127.0.0.1" + exchange.getRequestURI().toString()));
        });
    loopback.start();
    try {
      URI redirect =
          URI.create("http://127.0.0.1:" + loopback.getAddress().getPort() + "/callback");
      AuthenticationRequest request =
          new AuthenticationRequest.Builder(
                  new ResponseType(ResponseType.Value.CODE),
                  new Scope("openid", "profile", "email", "offline_access"),
                  client,
                  redirect)
              .endpointURI(op.getAuthorizationEndpointURI())
              .state(state)
              .nonce(nonce)
              .codeChallenge(verifier, CodeChallengeMethod.S256)
              .build();
      browser.open(request.toURI());
      URI returned = callback.get(WAIT_FOR_BROWSER.toSeconds(), TimeUnit.SECONDS);
      AuthenticationResponse response = AuthenticationResponseParser.parse(returned);
      if (!state.equals(response.getState())) {
        throw new IOException("Sign-in answered with another state: refused (possible CSRF).");
      }
      if (response instanceof AuthenticationErrorResponse error) {
        throw new IOException(
            "The identity provider refused the sign-in: "
                + error.getErrorObject().getDescription());
      }
      AuthorizationCode code = response.toSuccessResponse().getAuthorizationCode();
      tokens =
          exchange(op, new AuthorizationCodeGrant(code, redirect, verifier), Optional.of(nonce));
      return tokens.user();
    } catch (TimeoutException e) {
      throw new IOException("Sign-in was not completed in the browser within 5 minutes.");
    } catch (ExecutionException | ParseException e) {
      throw new IOException("Sign-in failed: " + e.getMessage(), e);
    } finally {
      loopback.stop(0);
    }
  }

  @Override
  public synchronized void signOut() {
    tokens = null;
  }

  @Override
  public synchronized Optional<String> accessToken() {
    if (tokens == null) {
      return Optional.empty();
    }
    if (clock.instant().plus(REFRESH_AHEAD).isAfter(tokens.expires())) {
      if (tokens.refresh().isEmpty()) {
        return clock.instant().isBefore(tokens.expires())
            ? Optional.of(tokens.access())
            : Optional.empty();
      }
      try {
        tokens =
            exchange(provider(), new RefreshTokenGrant(tokens.refresh().get()), Optional.empty())
                .withUser(tokens.user());
      } catch (IOException e) {
        return clock.instant().isBefore(tokens.expires())
            ? Optional.of(tokens.access())
            : Optional.empty();
      }
    }
    return Optional.of(tokens.access());
  }

  @Override
  public synchronized Optional<String> user() {
    return Optional.ofNullable(tokens).map(Tokens::user);
  }

  private OIDCProviderMetadata provider() throws IOException {
    if (provider == null) {
      try {
        provider = OIDCProviderMetadata.resolve(issuer);
      } catch (com.nimbusds.oauth2.sdk.GeneralException e) {
        throw new IOException(
            "Cannot read the identity provider's configuration at "
                + issuer
                + ": "
                + e.getMessage(),
            e);
      }
    }
    return provider;
  }

  private Tokens exchange(OIDCProviderMetadata op, AuthorizationGrant grant, Optional<Nonce> nonce)
      throws IOException {
    try {
      TokenResponse response =
          OIDCTokenResponseParser.parse(
              new TokenRequest.Builder(op.getTokenEndpointURI(), client, grant)
                  .build()
                  .toHTTPRequest()
                  .send());
      if (!response.indicatesSuccess()) {
        throw new IOException(
            "The identity provider refused the token request: "
                + response.toErrorResponse().getErrorObject().getDescription());
      }
      OIDCTokenResponse ok = (OIDCTokenResponse) response.toSuccessResponse();
      var access = ok.getOIDCTokens().getAccessToken();
      Instant expires =
          clock.instant().plusSeconds(access.getLifetime() > 0 ? access.getLifetime() : 300);
      String user = "";
      if (ok.getOIDCTokens().getIDToken() != null) {
        IDTokenValidator validator =
            new IDTokenValidator(issuer, client, JWSAlgorithm.RS256, op.getJWKSetURI().toURL());
        IDTokenClaimsSet claims =
            validator.validate(ok.getOIDCTokens().getIDToken(), nonce.orElse(null));
        Object preferred = claims.getClaim("preferred_username");
        user = preferred != null ? preferred.toString() : claims.getSubject().getValue();
      }
      return new Tokens(
          access.getValue(),
          Optional.ofNullable(ok.getOIDCTokens().getRefreshToken()),
          expires,
          user);
    } catch (ParseException
        | com.nimbusds.jose.JOSEException
        | com.nimbusds.jose.proc.BadJOSEException e) {
      throw new IOException(
          "The identity provider's tokens could not be read or verified: " + e.getMessage(), e);
    }
  }
}
