package dev.proctor.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proctor.format.Transcript;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the simulator answers to one request: text, or a call of the request's first tool. The
 * answer is deterministic: an {@code x-sim-reply} header wins; otherwise a request that offers
 * tools and ends with a user turn gets a tool call, and anything else gets an echo of the last user
 * text.
 *
 * @param toolName present for a tool call
 * @param text the text, or the tool call's JSON arguments
 * @param chunkChars when positive, a stream carries this many characters per event, not words
 * @param thinking the extended thinking (or reasoning summary) that comes before the answer, when
 *     the request asks for it
 */
record SimulatedReply(
    Optional<String> toolName,
    String text,
    int inputTokens,
    int chunkChars,
    Optional<String> thinking) {

  SimulatedReply(Optional<String> toolName, String text, int inputTokens) {
    this(toolName, text, inputTokens, 0, Optional.empty());
  }

  /** This reply streamed {@code chars} characters (code points) per event. */
  SimulatedReply chunked(int chars) {
    return new SimulatedReply(toolName, text, inputTokens, chars, thinking);
  }

  /**
   * @param scripted the answer text, when the caller set it
   * @param scriptedThinking the thinking text, when the caller set it; used only when the request
   *     enables extended thinking ({@code "thinking": {"type": "enabled"}}) or asks for a reasoning
   *     summary ({@code "reasoning": {"summary": "auto"}}, as Codex does)
   */
  static SimulatedReply decide(
      JsonNode request, Optional<String> scripted, Optional<String> scriptedThinking) {
    SimulatedReply reply = decide(request, scripted);
    String mode = request.path("thinking").path("type").asText("disabled");
    String summary = request.path("reasoning").path("summary").asText("none");
    if (mode.equals("enabled") || mode.equals("adaptive") || !summary.equals("none")) {
      String thinking =
          scriptedThinking.orElse(
              "The user wrote: " + Transcript.lastUserText(request) + ". I will answer briefly.");
      return new SimulatedReply(
          reply.toolName, reply.text, reply.inputTokens, reply.chunkChars, Optional.of(thinking));
    }
    return reply;
  }

  private static SimulatedReply decide(JsonNode request, Optional<String> scripted) {
    String lastUser = Transcript.lastUserText(request);
    int inputTokens = Math.max(1, request.toString().length() / 4);
    if (scripted.isPresent()) {
      return new SimulatedReply(Optional.empty(), scripted.get(), inputTokens);
    }
    JsonNode tools = request.path("tools");
    if (tools.isArray() && !tools.isEmpty() && endsWithUserTurn(request)) {
      JsonNode first = tools.get(0);
      String name = first.path("function").path("name").asText(first.path("name").asText("tool"));
      String arguments =
          "{\"query\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(lastUser) + "}";
      return new SimulatedReply(Optional.of(name), arguments, inputTokens);
    }
    return new SimulatedReply(Optional.empty(), "You said: " + lastUser, inputTokens);
  }

  /**
   * The text cut into token-like pieces: words with their following spaces, or {@link #chunkChars}
   * characters each.
   */
  List<String> tokens() {
    return pieces(text);
  }

  /** {@link #thinking} cut as {@link #tokens()} cuts the text. */
  List<String> thinkingTokens() {
    return thinking.map(this::pieces).orElse(List.of());
  }

  private List<String> pieces(String text) {
    List<String> tokens = new ArrayList<>();
    if (chunkChars > 0) {
      int[] points = text.codePoints().toArray();
      for (int i = 0; i < points.length; i += chunkChars) {
        tokens.add(new String(points, i, Math.min(chunkChars, points.length - i)));
      }
      return tokens;
    }
    int start = 0;
    for (int i = 1; i <= text.length(); i++) {
      if (i == text.length()
          || (Character.isWhitespace(text.charAt(i - 1))
              && !Character.isWhitespace(text.charAt(i)))) {
        tokens.add(text.substring(start, i));
        start = i;
      }
    }
    return tokens;
  }

  private static boolean endsWithUserTurn(JsonNode request) {
    JsonNode messages = request.has("input") ? request.path("input") : request.path("messages");
    if (!messages.isArray() || messages.isEmpty()) {
      return true;
    }
    JsonNode last = messages.get(messages.size() - 1);
    if (!"user".equals(last.path("role").asText())) {
      return false; // an assistant turn, a tool message or a responses function_call_output
    }
    for (JsonNode block : last.path("content")) {
      if ("tool_result".equals(block.path("type").asText())) {
        return false;
      }
    }
    return true;
  }
}
