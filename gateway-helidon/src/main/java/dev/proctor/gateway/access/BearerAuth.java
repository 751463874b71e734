package dev.proctor.gateway.access;

import static java.util.Objects.requireNonNull;

import dev.proctor.gateway.identity.AuthenticationException;
import dev.proctor.gateway.identity.Caller;
import dev.proctor.gateway.identity.TokenValidator;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/**
 * Authenticates a call to Proctor's own APIs with the caller's IdP token, from {@code
 * Authorization: Bearer} (or, where model SDKs put it, {@code x-api-key}); a refusal is answered
 * with 401 and a sentence.
 */
final class BearerAuth {
  private final TokenValidator tokens;
  private final boolean acceptApiKeyHeader;

  BearerAuth(TokenValidator tokens, boolean acceptApiKeyHeader) {
    this.tokens = requireNonNull(tokens, "tokens");
    this.acceptApiKeyHeader = acceptApiKeyHeader;
  }

  /** The caller; empty when the answer (401) has been sent. */
  Optional<Caller> authenticate(ServerRequest req, ServerResponse res) {
    Optional<String> token =
        req.headers()
            .first(HeaderNames.AUTHORIZATION)
            .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7))
            .map(v -> v.substring(7).strip());
    if (token.isEmpty() && acceptApiKeyHeader) {
      token = req.headers().first(HeaderNames.create("x-api-key")).map(String::strip);
    }
    if (token.isEmpty()) {
      Replies.error(
          res,
          401,
          "unauthenticated",
          "Send your identity provider's access token as 'Authorization: Bearer <token>'.");
      return Optional.empty();
    }
    try {
      return Optional.of(tokens.validate(token.get()));
    } catch (AuthenticationException e) {
      Replies.error(res, 401, "unauthenticated", e.getMessage());
      return Optional.empty();
    }
  }
}
