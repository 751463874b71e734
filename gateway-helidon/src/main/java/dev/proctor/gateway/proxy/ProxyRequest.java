package dev.proctor.gateway.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.proctor.format.ApiKind;
import dev.proctor.format.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What the gateway understood of a client's request body: the parsed JSON for the model APIs, the
 * model and whether a stream was asked for.
 *
 * @param json the body when it is JSON; empty for empty or non-JSON bodies
 * @param streamBody the body was not read: the relay streams it from the client to the upstream
 */
record ProxyRequest(ApiKind api, byte[] body, Optional<JsonNode> json, boolean streamBody) {
  /**
   * Reads a body the way no upstream could read differently: a second value after the first, or a
   * field named twice in one object, is refused, since the upstream's parser might take the one the
   * gateway did not check.
   */
  private static final ObjectReader ONE_VALUE_NAMES_ONCE =
      Json.mapper()
          .reader()
          .with(
              DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
              DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  ProxyRequest(ApiKind api, byte[] body, Optional<JsonNode> json) {
    this(api, body, json, false);
  }

  /**
   * A request on a pass-through path: its body, if it has one, is streamed to the upstream as it
   * arrives, and not recorded.
   */
  static ProxyRequest streamed(boolean hasBody) {
    return new ProxyRequest(ApiKind.RAW, new byte[0], Optional.empty(), hasBody);
  }

  /**
   * @param conversation the body carries a conversation (a model call's, or a call's around one):
   *     it must be a JSON object, or it could not be masked
   * @throws MalformedRequestException if a conversation's body is not a JSON object
   */
  static ProxyRequest parse(ApiKind api, byte[] body, boolean conversation)
      throws MalformedRequestException {
    if (body.length == 0) {
      return new ProxyRequest(api, body, Optional.empty());
    }
    try {
      JsonNode json = ONE_VALUE_NAMES_ONCE.readTree(body);
      if (conversation && (json == null || !json.isObject())) {
        throw new MalformedRequestException("The request body must be a JSON object.");
      }
      return new ProxyRequest(api, body, Optional.ofNullable(json));
    } catch (JsonProcessingException e) {
      if (!conversation) {
        return new ProxyRequest(api, body, Optional.empty());
      }
      throw new MalformedRequestException(
          (e instanceof MismatchedInputException
                  ? "The request body must be one JSON object that names each field once: "
                  : "The request body is not valid JSON: ")
              + Json.describe(e)
              + ".");
    } catch (IOException e) {
      throw new UncheckedIOException("reading a body held in memory", e);
    }
  }

  /** This request with the body that goes upstream replaced, its understood JSON kept. */
  ProxyRequest sending(byte[] sent) {
    return new ProxyRequest(api, sent, json, streamBody);
  }

  Optional<String> model() {
    return json.map(j -> j.path("model")).filter(JsonNode::isTextual).map(JsonNode::asText);
  }

  boolean stream() {
    return json.map(j -> j.path("stream").asBoolean(false)).orElse(false);
  }

  /** The body as recorded: JSON as JSON, other text as a string. */
  Optional<JsonNode> recordedBody() {
    if (json.isPresent()) {
      return json;
    }
    return body.length == 0
        ? Optional.empty()
        : Optional.of(TextNode.valueOf(new String(body, StandardCharsets.UTF_8)));
  }

  /** The client sent a body the gateway cannot understand; answered with 400. */
  static final class MalformedRequestException extends Exception {
    MalformedRequestException(String message) {
      super(message);
    }
  }
}
