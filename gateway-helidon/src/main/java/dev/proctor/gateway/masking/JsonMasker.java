package dev.proctor.gateway.masking;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.proctor.format.Finding;
import dev.proctor.format.Json;
import dev.proctor.secrets.Masked;
import dev.proctor.secrets.SecretMatch;
import dev.proctor.secrets.SecretScanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Masks the text a model call carries, in place, in a parsed OpenAI or Anthropic body: message
 * content (strings and text parts), system prompts, instructions, legacy prompts, tool results,
 * tool-call arguments and tool inputs. Structure (model, roles, ids, tool schemas) is never
 * touched, so the body stays a valid request or answer; only string values change.
 *
 * <p>The tree is always masked, because it is what the recording keeps: a raw secret is never
 * stored. Whether the other side receives the masked tree or the original bytes is the caller's
 * decision, reported in each finding's {@link Finding.Action}; signed model output (Anthropic's
 * thinking blocks) always goes on as the model wrote it, and its secrets are reported as detected.
 */
public final class JsonMasker {
  /** Keys whose string values, and everything under them, are conversation text. */
  private static final Set<String> TEXT_KEYS =
      Set.of(
          "content",
          "text",
          "arguments",
          "system",
          "prompt",
          "input",
          "instructions",
          "partial_json",
          "thinking",
          "output",
          "refusal");

  private final SecretScanner scanner;

  public JsonMasker(SecretScanner scanner) {
    this.scanner = requireNonNull(scanner, "scanner");
  }

  /**
   * Replaces the secrets in {@code body}'s text with their placeholders, signed model output
   * included: the tree is what the recording keeps.
   *
   * @param action what the caller does with the secrets it sends on: masks or only detects them.
   *     Secrets in signed model output ({@link #isSignedOutput}) are reported as {@link
   *     Finding.Action#DETECTED} whatever the action, since {@link #toSend} sends them on as the
   *     model wrote them.
   * @return the findings, each with its JSON path and offset in the original string
   */
  public List<Finding> apply(JsonNode body, Finding.Direction direction, Finding.Action action) {
    Walk walk = new Walk(direction, action, false);
    walk.node(body, "$", false, false);
    return walk.findings;
  }

  /**
   * What goes on to the other side when masking, once {@link #apply} masked {@code masked}, the
   * parse of {@code original}, and found {@code findings} in it.
   *
   * @return {@code original} when only signed model output held secrets; else the masked tree, in
   *     which signed model output keeps the text it came with
   */
  public byte[] toSend(byte[] original, JsonNode masked, List<Finding> findings) {
    boolean masks = false;
    boolean keeps = false;
    for (Finding f : findings) {
      masks |= f.action() == Finding.Action.MASKED;
      keeps |= f.action() == Finding.Action.DETECTED;
    }
    if (!masks) {
      return original;
    }
    try {
      if (!keeps) {
        return Json.mapper().writeValueAsBytes(masked);
      }
      JsonNode sent = Json.mapper().readTree(original); // its findings are the ones above
      new Walk(Finding.Direction.REQUEST, Finding.Action.MASKED, true)
          .node(sent, "$", false, false);
      return Json.mapper().writeValueAsBytes(sent);
    } catch (IOException e) {
      throw new UncheckedIOException("a parsed body could not be written back", e);
    }
  }

  /**
   * Whether a JSON value is signed model output: an Anthropic {@code thinking} or {@code
   * redacted_thinking} block, whose signature covers its text. The provider refuses a conversation
   * that sends such a block back altered, so masking it would break the client's next call and
   * every one after it (ADR 0011).
   */
  public static boolean isSignedOutput(JsonNode node) {
    JsonNode type = node.get("type");
    return type != null
        && type.isTextual()
        && (type.asText().equals("thinking") || type.asText().equals("redacted_thinking"));
  }

  public SecretScanner scanner() {
    return scanner;
  }

  /** One pass over a body. */
  private final class Walk {
    private final Finding.Direction direction;
    private final Finding.Action action;
    private final boolean skipSigned;
    private final List<Finding> findings = new ArrayList<>();

    /**
     * @param skipSigned leave signed model output as it is, rather than mask it and report its
     *     secrets as detected
     */
    Walk(Finding.Direction direction, Finding.Action action, boolean skipSigned) {
      this.direction = direction;
      this.action = action;
      this.skipSigned = skipSigned;
    }

    void node(JsonNode node, String path, boolean inText, boolean signed) {
      if (node instanceof ObjectNode object) {
        boolean signedHere = signed || isSignedOutput(object);
        if (signedHere && skipSigned) {
          return;
        }
        for (Map.Entry<String, JsonNode> field : object.properties()) {
          String key = field.getKey();
          JsonNode value = field.getValue();
          String childPath = path + "." + key;
          boolean text = inText || TEXT_KEYS.contains(key);
          if (value.isTextual() && text) {
            mask(value.asText(), childPath, signedHere)
                .ifPresent(masked -> object.set(key, TextNode.valueOf(masked)));
          } else {
            node(value, childPath, text, signedHere);
          }
        }
      } else if (node instanceof ArrayNode array) {
        for (int i = 0; i < array.size(); i++) {
          JsonNode value = array.get(i);
          String childPath = path + "[" + i + "]";
          if (value.isTextual() && inText) {
            int index = i;
            mask(value.asText(), childPath, signed)
                .ifPresent(masked -> array.set(index, TextNode.valueOf(masked)));
          } else {
            node(value, childPath, inText, signed);
          }
        }
      }
    }

    private Optional<String> mask(String value, String path, boolean signed) {
      Masked masked = scanner.mask(value);
      if (masked.matches().isEmpty()) {
        return Optional.empty();
      }
      Finding.Action done = signed ? Finding.Action.DETECTED : action;
      for (SecretMatch m : masked.matches()) {
        findings.add(finding(m, direction, path, done));
      }
      return Optional.of(masked.text());
    }
  }

  static Finding finding(
      SecretMatch m, Finding.Direction direction, String path, Finding.Action action) {
    return new Finding(
        m.rule().id(), direction, path, m.start(), m.length(), action, m.fingerprint());
  }
}
