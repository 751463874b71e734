package dev.proctor.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proctor.devstack.Approvals.Answer;
import dev.proctor.gateway.access.AccessSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API refuses what it must, each with its status and a sentence: self-approval, a
 * non-approver, a missing, expired or forged token, and a decision on an expired request. Pending
 * requests expire after 3 s here.
 */
class ApprovalSecurityTest {
  @TempDir static Path dir;
  static DevStack stack;
  static int admin;

  @BeforeAll
  static void start() throws Exception {
    Approvals.writePolicy(dir, "1s");
    stack =
        DevStack.start(
            DevStack.Options.ephemeral(dir)
                .withAccess(
                    new AccessSettings(
                        Duration.ofSeconds(2), Duration.ofSeconds(3), List.of("security"))));
    admin = stack.gateway().adminPort();
  }

  @AfterAll
  static void stop() throws Exception {
    stack.close();
  }

  @Test
  void anApproverCannotApproveTheirOwnRequestAndANonApproverCannotDecide() throws Exception {
    String bob = stack.idp().token("bob", 600);
    String alice = stack.idp().token("alice", 600);
    Answer held = Approvals.call(stack.gateway().port(), bob, "sim-anthropic", "release notes");
    assertThat(held.status()).isEqualTo(403);
    assertThat(held.body().at("/error/type").asText()).isEqualTo("permission_error");
    String id = Approvals.awaitPending(admin, bob, "bob");

    Answer self = Approvals.admin(admin, bob, "POST", "/" + id + "/approve", "{}");
    assertThat(self.status()).isEqualTo(403);
    assertThat(self.body().at("/error/message").asText())
        .isEqualTo(
            "You cannot decide your own access request (" + id + "); another approver must.");

    Answer outsider = Approvals.admin(admin, alice, "POST", "/" + id + "/deny", "{}");
    assertThat(outsider.status()).isEqualTo(403);
    assertThat(outsider.body().at("/error/message").asText())
        .isEqualTo(
            "alice may not decide request "
                + id
                + ": rule 'anthropic-needs-approval' needs a member of approvers.");
    Answer outsiderBroken = Approvals.admin(admin, alice, "POST", "/" + id + "/approve", "{\"re");
    assertThat(outsiderBroken.status())
        .as("who may decide is checked before the body is read")
        .isEqualTo(403);
    assertThat(outsiderBroken.body().at("/error/message").asText())
        .isEqualTo(outsider.body().at("/error/message").asText());
    Answer unknownBroken =
        Approvals.admin(
            admin, stack.idp().token("dave", 600), "POST", "/01NOSUCHREQUEST/deny", "{\"re");
    assertThat(unknownBroken.status()).isEqualTo(404);
    assertThat(unknownBroken.body().at("/error/message").asText())
        .isEqualTo("There is no access request 01NOSUCHREQUEST.");
    assertThat(Approvals.admin(admin, alice, "GET", "/" + id, null).status())
        .as("alice may not even see it")
        .isEqualTo(404);

    Answer tooLong =
        Approvals.admin(
            admin,
            stack.idp().token("dave", 600),
            "POST",
            "/" + id + "/approve",
            "{\"duration\":\"PT9H\"}");
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.body().at("/error/message").asText())
        .startsWith("Rule 'anthropic-needs-approval' allows grants of at most PT2H");
  }

  @Test
  void missingExpiredAndForgedTokensAreRefused() throws Exception {
    String good = stack.idp().token("bob", 600);
    String expired =
        stack
            .idp()
            .server()
            .issueToken(
                DevIdp.ISSUER_ID,
                "bob",
                DevIdp.AUDIENCE,
                Map.of("groups", List.of("approvers")),
                -120)
            .serialize();
    String forged =
        good.substring(0, good.length() - 4) + (good.endsWith("AAAA") ? "BBBB" : "AAAA");

    for (String token : List.of("", expired, forged, "not-a-jwt")) {
      Answer refused = Approvals.admin(admin, token, "GET", "", null);
      assertThat(refused.status()).as(token).isEqualTo(401);
      assertThat(refused.body().at("/error/type").asText()).isEqualTo("unauthenticated");
      assertThat(refused.body().at("/error/message").asText()).isNotBlank();
    }
    assertThat(Approvals.admin(admin, good, "GET", "", null).status()).isEqualTo(200);
  }

  @Test
  void anExpiredRequestCanNoLongerBeApproved() throws Exception {
    String carol = stack.idp().token("carol", 600);
    String dave = stack.idp().token("dave", 600);
    assertThat(Approvals.call(stack.gateway().port(), carol, "sim-openai", "hotfix").status())
        .isEqualTo(403);
    String id = Approvals.awaitPending(admin, dave, "carol");

    Thread.sleep(3_100); // the pending request's 3 s are over

    Answer late = Approvals.admin(admin, dave, "POST", "/" + id + "/approve", "{}");
    assertThat(late.status()).isEqualTo(409);
    assertThat(late.body().at("/error/message").asText())
        .isEqualTo("Request " + id + " is expired and can no longer be decided.");
    assertThat(Approvals.admin(admin, dave, "GET", "/" + id, null).body().path("state").asText())
        .isEqualTo("expired");
  }
}
