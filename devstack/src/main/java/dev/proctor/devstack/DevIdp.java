package dev.proctor.devstack;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;

/**
 * The dev identity provider: a real OIDC provider (mock-oauth2-server) with issuer {@code corp} and
 * three users. A client-credentials request with {@code client_id=<user>} gets that user's token,
 * which is how {@code ./proctor dev-token} works from another process.
 */
public final class DevIdp implements AutoCloseable {
  public static final String ISSUER_ID = "corp";
  public static final String AUDIENCE = "proctor";

  /** The demo users and their groups. */
  public static final Map<String, DevUser> USERS =
      Map.of(
          "alice", new DevUser("alice", "Alice Developer", List.of("developers")),
          "carol", new DevUser("carol", "Carol Contractor", List.of("contractors")),
          "bob", new DevUser("bob", "Bob Approver", List.of("approvers", "security")),
          "dave", new DevUser("dave", "Dave Lead", List.of("approvers")));

  private final MockOAuth2Server server;

  private DevIdp(MockOAuth2Server server) {
    this.server = server;
  }

  /** A dev user. */
  public record DevUser(String name, String displayName, List<String> groups) {
    String email() {
      return name + "@example.com";
    }
  }

  /**
   * @param port 0 for any free port
   */
  public static DevIdp start(int port) throws Exception {
    MockOAuth2Server server = new MockOAuth2Server(OAuth2Config.Companion.fromJson(configJson()));
    server.start(InetAddress.getLoopbackAddress(), port);
    return new DevIdp(server);
  }

  private static String configJson() {
    StringBuilder mappings = new StringBuilder();
    for (DevUser user :
        USERS.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList()) {
      for (String param : List.of("client_id", "subject")) {
        if (!mappings.isEmpty()) {
          mappings.append(',');
        }
        mappings.append(
            """
          {"requestParam": "%s", "match": "%s",
           "claims": {"sub": "%s", "aud": ["%s"], "name": "%s", "email": "%s",
                      "preferred_username": "%s", "groups": [%s]}}
          """
                .formatted(
                    param,
                    user.name(),
                    user.name(),
                    AUDIENCE,
                    user.displayName(),
                    user.email(),
                    user.name(),
                    String.join(",", user.groups().stream().map(g -> "\"" + g + "\"").toList())));
      }
    }
    return """
        {"interactiveLogin": true, "loginPagePath": "%s",
         "tokenCallbacks": [{"issuerId": "%s", "tokenExpiry": 3600, "requestMappings": [%s]}]}
        """
        .formatted(loginPage().toString().replace("\\", "\\\\"), ISSUER_ID, mappings);
  }

  /**
   * The sign-in page of the browser flow (the workstation's): one button per dev user. A sign-in as
   * a user gets that user's claims (groups included) through the {@code subject} mappings.
   */
  private static java.nio.file.Path loginPage() {
    StringBuilder buttons = new StringBuilder();
    for (DevUser u :
        USERS.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList()) {
      buttons.append(
          """
          <form method="post"><input type="hidden" name="username" value="%s">
          <button type="submit"><b>%s</b><br><small>%s · %s</small></button></form>
          """
              .formatted(u.name(), u.displayName(), u.name(), String.join(", ", u.groups())));
    }
    String html =
        """
        <!doctype html><html><head><meta charset="utf-8"><title>Proctor dev sign-in</title>
        <style>body{font-family:sans-serif;max-width:420px;margin:60px auto;color:#1f2328}
        button{width:100%%;margin:6px 0;padding:10px;text-align:left;border:1px solid #d0d7de;
        border-radius:8px;background:#f6f8fa;cursor:pointer}button:hover{background:#eaeef2}
        small{color:#57606a}</style></head><body><h2>Proctor dev sign-in</h2>
        <p>The dev identity provider. Choose who you are:</p>%s</body></html>
        """
            .formatted(buttons);
    try {
      java.nio.file.Path file = java.nio.file.Files.createTempFile("proctor-dev-login", ".html");
      file.toFile().deleteOnExit();
      java.nio.file.Files.writeString(file, html);
      return file;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot write the dev sign-in page", e);
    }
  }

  public String issuer() {
    return server.issuerUrl(ISSUER_ID).toString().replaceAll("/$", "");
  }

  public String jwksUrl() {
    return server.jwksUrl(ISSUER_ID).toString();
  }

  public String tokenEndpoint() {
    return server.tokenEndpointUrl(ISSUER_ID).toString();
  }

  /** A token for a dev user, valid for {@code seconds}. */
  public String token(String user, long seconds) {
    DevUser u = USERS.get(user);
    if (u == null) {
      throw new IllegalArgumentException(
          "user: " + user + " (expected one of " + USERS.keySet() + ")");
    }
    return server
        .issueToken(
            ISSUER_ID,
            u.name(),
            AUDIENCE,
            Map.of(
                "name", u.displayName(),
                "email", u.email(),
                "preferred_username", u.name(),
                "groups", u.groups()),
            seconds)
        .serialize();
  }

  /** The underlying server, for tests that need odd tokens. */
  public MockOAuth2Server server() {
    return server;
  }

  @Override
  public void close() {
    server.shutdown();
  }
}
