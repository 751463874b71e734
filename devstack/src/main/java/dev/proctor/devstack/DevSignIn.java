package dev.proctor.devstack;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@code ./proctor dev-sign-in <user> <authorize-url>}: a stand-in for a web browser on a machine
 * without one. It opens the dev IdP's sign-in page at the address the workstation gave, picks the
 * user's button, and follows the redirect back to the workstation. {@code ./proctor demo} sets it
 * as {@code $BROWSER} when no browser is found. It only works with the dev IdP.
 */
public final class DevSignIn {
  private DevSignIn() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: proctor dev-sign-in <user> <authorize-url>");
      System.exit(2);
    }
    try {
      signIn(URI.create(args[1]), args[0]);
      System.err.println("proctor dev-sign-in: signed in as " + args[0] + " at the dev IdP");
    } catch (IOException e) {
      System.err.println("proctor dev-sign-in: " + e.getMessage());
      System.exit(1);
    }
  }

  /** Signs {@code user} in at the dev IdP's page {@code authorize} and follows it back. */
  static void signIn(URI authorize, String user) throws IOException, InterruptedException {
    try (HttpClient browser =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .cookieHandler(new CookieManager())
            .connectTimeout(Duration.ofSeconds(5))
            .build()) {
      HttpResponse<String> page =
          browser.send(
              HttpRequest.newBuilder(authorize).build(), HttpResponse.BodyHandlers.ofString());
      if (!page.body().contains("value=\"" + user + "\"")) {
        throw new IOException(
            "the page at " + authorize + " is not the dev IdP's sign-in page with " + user);
      }
      HttpResponse<String> done =
          browser.send(
              HttpRequest.newBuilder(authorize)
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (done.statusCode() != 200 || !done.body().contains("Signed in")) {
        throw new IOException(
            "the sign-in ended with HTTP " + done.statusCode() + ": " + done.body());
      }
    }
  }
}
