package dev.proctor.review.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class BrowserLauncherTest {
  private static final URI PAGE = URI.create("http://127.0.0.1:9100/corp/authorize?x=1");

  @Test
  void browserVariableWithArgumentsGetsTheAddressLast() {
    assertThat(BrowserLauncher.command(" /opt/proctor dev-sign-in  bob ", PAGE))
        .containsExactly("/opt/proctor", "dev-sign-in", "bob", PAGE.toString());
  }

  @Test
  void percentSStandsForTheAddress() {
    assertThat(BrowserLauncher.command("firefox --new-window %s", PAGE))
        .containsExactly("firefox", "--new-window", PAGE.toString());
  }
}
