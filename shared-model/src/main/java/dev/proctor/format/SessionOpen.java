package dev.proctor.format;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Opens a session: who called, from what client, through which connection, under which rule.
 *
 * @param identity the validated caller
 * @param client what the caller's tool said about itself
 * @param connection the gateway connection name
 * @param context repository, environment and similar attributes, each marked trusted or declared
 * @param rule the policy rule that admitted the session
 * @param recordLevel how much of the session is recorded
 */
public record SessionOpen(
    Identity identity,
    Client client,
    String connection,
    Map<String, Attribute> context,
    String rule,
    RecordLevel recordLevel)
    implements EventData {

  public SessionOpen {
    requireNonNull(identity, "identity");
    requireNonNull(client, "client");
    requireNonNull(connection, "connection");
    context = Map.copyOf(context);
    requireNonNull(rule, "rule");
    requireNonNull(recordLevel, "recordLevel");
  }

  /**
   * The caller as its token proved it.
   *
   * @param claims the claims policy used, as strings
   */
  public record Identity(
      String issuer,
      String subject,
      Optional<String> name,
      Optional<String> email,
      List<String> groups,
      Map<String, String> claims) {
    public Identity {
      requireNonNull(issuer, "issuer");
      requireNonNull(subject, "subject");
      name = name == null ? Optional.empty() : name;
      email = email == null ? Optional.empty() : email;
      groups = List.copyOf(groups);
      claims = Map.copyOf(claims);
    }
  }

  /**
   * The calling tool.
   *
   * @param headers allow-listed identifying headers (editor, plugin version); never credentials
   */
  public record Client(String userAgent, Map<String, String> headers, String address) {
    public Client {
      requireNonNull(userAgent, "userAgent");
      headers = Map.copyOf(headers);
      requireNonNull(address, "address");
    }
  }

  /**
   * A context value and where it came from.
   *
   * @param source {@code token} when an IdP-signed claim says so, {@code declared} when only the
   *     client said so
   */
  public record Attribute(String value, String source) {
    public static final String TOKEN = "token";
    public static final String DECLARED = "declared";

    public Attribute {
      requireNonNull(value, "value");
      if (!TOKEN.equals(source) && !DECLARED.equals(source)) {
        throw new IllegalArgumentException("source: " + source + " (expected: token or declared)");
      }
    }
  }
}
