package dev.proctor.gateway.proxy;

import java.util.Locale;
import java.util.Set;

/**
 * Which headers cross the gateway, and which are recorded. Pure functions over lower-case names.
 */
final class HeaderRules {
  /** RFC 9110 hop-by-hop headers plus those the gateway sets itself. */
  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "keep-alive",
          "transfer-encoding",
          "te",
          "trailer",
          "upgrade",
          "host",
          "content-length",
          "expect");

  /** The client's own credentials: they never go upstream. */
  private static final Set<String> CLIENT_CREDENTIALS =
      Set.of("authorization", "x-api-key", "api-key", "cookie", "proxy-authorization");

  /** Request headers worth keeping in the recording; nothing that can carry a secret. */
  private static final Set<String> RECORDED_REQUEST =
      Set.of(
          "user-agent",
          "content-type",
          "content-encoding",
          "accept",
          "anthropic-version",
          "anthropic-beta",
          "openai-beta",
          "editor-version",
          "editor-plugin-version",
          "copilot-integration-id",
          "vscode-sessionid",
          "x-request-id",
          "x-stainless-lang",
          "x-stainless-package-version",
          "x-stainless-runtime",
          "x-stainless-runtime-version",
          "x-stainless-os",
          "x-stainless-arch",
          "x-stainless-retry-count");

  private static final Set<String> RECORDED_RESPONSE =
      Set.of(
          "content-type",
          "content-encoding",
          "x-request-id",
          "request-id",
          "openai-processing-ms",
          "openai-model",
          "anthropic-organization-id",
          "retry-after");

  private HeaderRules() {}

  static boolean forwardUpstream(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return !HOP_BY_HOP.contains(n)
        && !CLIENT_CREDENTIALS.contains(n)
        && !n.startsWith("proxy-")
        && !n.startsWith("x-proctor-")
        && !n.equals("accept-encoding"); // the gateway must read what it records
  }

  /**
   * Whether a request header goes upstream with a body the gateway read, which it sends on decoded
   * ({@link ContentCodings}): its {@code Content-Encoding} no longer applies.
   */
  static boolean forwardUpstreamWithReadBody(String name) {
    return forwardUpstream(name) && !name.equalsIgnoreCase("content-encoding");
  }

  static boolean forwardToClient(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return !HOP_BY_HOP.contains(n) && !n.startsWith("proxy-") && !n.equals("set-cookie");
  }

  static boolean recordRequest(String name) {
    return RECORDED_REQUEST.contains(name.toLowerCase(Locale.ROOT));
  }

  static boolean recordResponse(String name) {
    return RECORDED_RESPONSE.contains(name.toLowerCase(Locale.ROOT));
  }
}
