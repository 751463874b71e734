package dev.proctor.review.signin;

import java.io.IOException;
import java.util.Optional;

/** Who is signed in to the workstation, and their token for the gateway's admin API. */
public interface SignIn {
  /**
   * Signs in interactively (the system browser) and waits for the result.
   *
   * @return the signed-in user's name
   */
  String signIn() throws IOException, InterruptedException;

  /** Forgets the tokens. */
  void signOut();

  /** A valid access token, refreshed first when it is about to run out; empty when signed out. */
  Optional<String> accessToken();

  /** The signed-in user's name; empty when signed out. */
  Optional<String> user();
}
