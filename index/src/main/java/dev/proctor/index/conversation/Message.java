package dev.proctor.index.conversation;

import static java.util.Objects.requireNonNull;

/**
 * One message of an exchange as an investigator reads it.
 *
 * @param role who said it
 * @param tool the tool's name for a call, or the call id a result answers; empty otherwise
 * @param text the text, or a call's arguments as JSON
 */
public record Message(Role role, String tool, String text) {
  public Message {
    requireNonNull(role, "role");
    requireNonNull(tool, "tool");
    requireNonNull(text, "text");
  }

  /** The roles of messages; the wire name is what search and the CLI show. */
  public enum Role {
    USER("user"),
    TOOL_RESULT("tool_result"),
    ASSISTANT("assistant"),
    TOOL_CALL("tool_call");

    private final String wireName;

    Role(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    /**
     * @throws IllegalArgumentException naming the roles there are
     */
    public static Role of(String wireName) {
      for (Role r : values()) {
        if (r.wireName.equals(wireName)) {
          return r;
        }
      }
      throw new IllegalArgumentException(
          "role: " + wireName + " (expected one of user, tool_result, assistant, tool_call)");
    }
  }
}
