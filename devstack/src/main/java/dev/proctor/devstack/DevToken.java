package dev.proctor.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proctor.format.Json;
import dev.proctor.index.ProctorPaths;
import dev.proctor.index.StackInfo;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** {@code ./proctor dev-token <user>}: prints an access token of the running dev stack's IdP. */
public final class DevToken {
  private DevToken() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: proctor dev-token <user>   (users: alice, bob, carol)");
      System.exit(2);
    }
    ProctorPaths paths = ProctorPaths.fromEnvironment();
    Optional<StackInfo> stack = StackInfo.read(paths.devStackFile());
    if (stack.isEmpty()) {
      System.err.println(
          "proctor dev-token: no running dev stack found ("
              + paths.devStackFile()
              + " is missing). Start one with: ./proctor dev-stack");
      System.exit(1);
    }
    if (!stack.get().idp().users().contains(args[0])) {
      System.err.println(
          "proctor dev-token: unknown user '"
              + args[0]
              + "' (expected one of "
              + stack.get().idp().users()
              + ")");
      System.exit(2);
    }
    System.out.println(fetch(stack.get().idp().tokenEndpoint(), args[0]));
  }

  /** Asks the dev IdP's token endpoint for a user's token (client credentials, client_id=user). */
  static String fetch(String tokenEndpoint, String user) throws IOException, InterruptedException {
    String form =
        "grant_type=client_credentials&scope=proctor&client_secret=dev&client_id="
            + URLEncoder.encode(user, StandardCharsets.UTF_8);
    HttpResponse<String> response;
    try (HttpClient http = HttpClient.newHttpClient()) {
      response =
          http.send(
              HttpRequest.newBuilder(URI.create(tokenEndpoint))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(form))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (java.net.ConnectException e) {
      throw new IOException(
          "the dev IdP at " + tokenEndpoint + " is not answering; is ./proctor dev-stack running?",
          e);
    }
    JsonNode body = Json.mapper().readTree(response.body());
    if (response.statusCode() != 200 || !body.hasNonNull("access_token")) {
      throw new IOException(
          "the dev IdP answered HTTP " + response.statusCode() + ": " + response.body());
    }
    return body.get("access_token").asText();
  }
}
