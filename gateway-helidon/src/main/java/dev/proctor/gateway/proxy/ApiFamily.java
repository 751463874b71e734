package dev.proctor.gateway.proxy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proctor.format.ApiKind;
import java.util.Locale;

/**
 * The API a connection speaks. It decides how paths map to {@link ApiKind}s and what shape errors
 * take, so a client's SDK shows the gateway's message as its own.
 */
public enum ApiFamily {
  OPENAI,
  ANTHROPIC;

  public static ApiFamily of(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "openai", "copilot" -> OPENAI;
      case "anthropic" -> ANTHROPIC;
      default ->
          throw new IllegalArgumentException(
              "api: " + name + " (expected: openai, anthropic or copilot)");
    };
  }

  /** The kind of a path below the connection, such as {@code /v1/chat/completions}. */
  public ApiKind kindOf(String path) {
    String p = withoutTrailingSlash(path);
    return switch (this) {
      case OPENAI -> {
        if (p.endsWith("/chat/completions")) {
          yield ApiKind.OPENAI_CHAT;
        } else if (p.endsWith("/completions")) {
          yield ApiKind.OPENAI_COMPLETIONS;
        } else if (p.endsWith("/responses")) {
          yield ApiKind.OPENAI_RESPONSES;
        }
        yield ApiKind.RAW;
      }
      case ANTHROPIC -> p.endsWith("/messages") ? ApiKind.ANTHROPIC_MESSAGES : ApiKind.RAW;
    };
  }

  /**
   * Whether a {@link ApiKind#RAW raw} path's body carries a conversation all the same: the calls an
   * agent makes around its model calls, which send the whole conversation and answer with numbers
   * or opaque state. Claude Code counts tokens on every turn; Codex compacts long conversations on
   * the server. Their bodies are read and masked like a model call's, so a secret the model call
   * would not let out does not leave through them.
   */
  public boolean carriesConversation(String path) {
    String p = withoutTrailingSlash(path);
    return switch (this) {
      case OPENAI -> p.endsWith("/responses/input_tokens") || p.endsWith("/responses/compact");
      case ANTHROPIC -> p.endsWith("/messages/count_tokens");
    };
  }

  private static String withoutTrailingSlash(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  /**
   * An error body in this API's own shape.
   *
   * @param status the HTTP status it goes with, which picks the error type
   */
  public ObjectNode error(int status, String message) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return switch (this) {
      case OPENAI -> {
        ObjectNode error =
            f.objectNode()
                .put("message", message)
                .put("type", openAiType(status))
                .putNull("param")
                .put("code", openAiCode(status));
        yield f.objectNode().set("error", error);
      }
      case ANTHROPIC -> {
        ObjectNode body = f.objectNode().put("type", "error");
        body.set(
            "error", f.objectNode().put("type", anthropicType(status)).put("message", message));
        yield body;
      }
    };
  }

  private static String openAiType(int status) {
    return switch (status) {
      case 401 -> "authentication_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 429 -> "rate_limit_error";
      default -> status >= 500 ? "server_error" : "invalid_request_error";
    };
  }

  private static String openAiCode(int status) {
    return switch (status) {
      case 401 -> "invalid_api_key";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 503 -> "unavailable";
      default -> status >= 500 ? "gateway_error" : "invalid_request";
    };
  }

  private static String anthropicType(int status) {
    return switch (status) {
      case 401 -> "authentication_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 413 -> "request_too_large";
      case 429 -> "rate_limit_error";
      case 503, 529 -> "overloaded_error";
      default -> status >= 500 ? "api_error" : "invalid_request_error";
    };
  }
}
