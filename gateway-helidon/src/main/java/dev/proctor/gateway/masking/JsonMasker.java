package dev.proctor.gateway.masking;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.proctor.format.Finding;
import dev.proctor.secrets.Masked;
import dev.proctor.secrets.SecretMatch;
import dev.proctor.secrets.SecretScanner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Masks the text a model call carries, in place, in a parsed OpenAI or Anthropic body: message
 * content (strings and text parts), system prompts, instructions, legacy prompts, tool results,
 * tool-call arguments and tool inputs. Structure (model, roles, ids, tool schemas) is never
 * touched, so the body stays a valid request or answer; only string values change.
 *
 * <p>The tree is always masked, because it is what the recording keeps: a raw secret is never
 * stored. Whether the other side receives the masked tree or the original bytes is the caller's
 * decision, reported in each finding's {@link Finding.Action}.
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
   * Replaces the secrets in {@code body}'s text with their placeholders.
   *
   * @param action what the caller does with the secrets it sends on: masks or only detects them
   * @return the findings, each with its JSON path and offset in the original string
   */
  public List<Finding> apply(JsonNode body, Finding.Direction direction, Finding.Action action) {
    List<Finding> findings = new ArrayList<>();
    walk(body, "$", false, direction, action, findings);
    return findings;
  }

  public SecretScanner scanner() {
    return scanner;
  }

  private void walk(
      JsonNode node,
      String path,
      boolean inText,
      Finding.Direction direction,
      Finding.Action action,
      List<Finding> findings) {
    if (node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        String key = field.getKey();
        JsonNode value = field.getValue();
        String childPath = path + "." + key;
        boolean text = inText || TEXT_KEYS.contains(key);
        if (value.isTextual() && text) {
          maskString(value.asText(), childPath, direction, action, findings)
              .ifPresent(masked -> object.set(key, TextNode.valueOf(masked)));
        } else {
          walk(value, childPath, text, direction, action, findings);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        JsonNode value = array.get(i);
        String childPath = path + "[" + i + "]";
        if (value.isTextual() && inText) {
          int index = i;
          maskString(value.asText(), childPath, direction, action, findings)
              .ifPresent(masked -> array.set(index, TextNode.valueOf(masked)));
        } else {
          walk(value, childPath, inText, direction, action, findings);
        }
      }
    }
  }

  private java.util.Optional<String> maskString(
      String value,
      String path,
      Finding.Direction direction,
      Finding.Action action,
      List<Finding> findings) {
    Masked masked = scanner.mask(value);
    if (masked.matches().isEmpty()) {
      return java.util.Optional.empty();
    }
    for (SecretMatch m : masked.matches()) {
      findings.add(finding(m, direction, path, action));
    }
    return java.util.Optional.of(masked.text());
  }

  static Finding finding(
      SecretMatch m, Finding.Direction direction, String path, Finding.Action action) {
    return new Finding(
        m.rule().id(), direction, path, m.start(), m.length(), action, m.fingerprint());
  }
}
