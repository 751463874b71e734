package dev.proctor.gateway.policy;

import static java.util.Objects.requireNonNull;

import dev.proctor.gateway.identity.Caller;
import java.util.Optional;

/**
 * What the policy judges a call by.
 *
 * @param path the API path below the connection, such as {@code /v1/chat/completions}
 */
public record PolicyCall(Caller caller, String connection, Optional<String> model, String path) {
  public PolicyCall {
    requireNonNull(caller, "caller");
    requireNonNull(connection, "connection");
    requireNonNull(model, "model");
    requireNonNull(path, "path");
  }
}
