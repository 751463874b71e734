package dev.proctor.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proctor.access.AccessRequest.Actor;
import dev.proctor.access.AccessRequest.State;
import dev.proctor.format.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessRequestTest {
  static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  static final Actor BOB = new Actor("bob", List.of("approvers"));
  static final Actor DAVE = new Actor("dave", List.of("approvers", "security"));
  static final Actor CAROL = new Actor("carol", List.of("contractors", "approvers"));
  static final Actor ALICE = new Actor("alice", List.of("developers"));

  static AccessRequest carols(int minApprovals) {
    return AccessRequest.open(
        "01JDQ0000000000000000000AB",
        new AccessRequest.Requester("https://idp/corp", "carol", List.of("contractors")),
        "sim-openai",
        "contractors-need-approval",
        "fix the billing bug",
        Duration.ofHours(4),
        List.of("approvers"),
        minApprovals,
        Duration.ofHours(8),
        T0,
        Duration.ofMinutes(10));
  }

  @Test
  void anApproverGrantsForTheDurationChosenAndTheGrantRunsOut() throws Exception {
    AccessRequest approved =
        carols(1).approve(BOB, Duration.ofHours(2), "ok for today", T0.plusSeconds(5));

    assertThat(approved.state()).isEqualTo(State.APPROVED);
    assertThat(approved.grantedUntil()).contains(T0.plusSeconds(5).plus(Duration.ofHours(2)));
    assertThat(approved.grants(T0.plusSeconds(60))).isTrue();
    assertThat(approved.stateAt(T0.plus(Duration.ofHours(3)))).isEqualTo(State.EXPIRED);
  }

  @Test
  void minimumApprovalsCountDistinctApproversAndTheShortestDurationWins() throws Exception {
    AccessRequest once = carols(2).approve(BOB, Duration.ofHours(6), "", T0);
    assertThat(once.state()).isEqualTo(State.PENDING);
    assertThatThrownBy(() -> once.approve(BOB, Duration.ofHours(6), "", T0))
        .isInstanceOf(AccessException.class)
        .hasMessage("bob has already approved request 01JDQ0000000000000000000AB.");

    AccessRequest twice = once.approve(DAVE, Duration.ofHours(1), "", T0.plusSeconds(1));
    assertThat(twice.state()).isEqualTo(State.APPROVED);
    assertThat(twice.grantedUntil()).contains(T0.plusSeconds(1).plus(Duration.ofHours(1)));
  }

  @Test
  void refusalsSayWhy() {
    AccessRequest pending = carols(1);
    assertThat(refusal(() -> pending.approve(CAROL, Duration.ofHours(1), "", T0)))
        .isEqualTo(
            "FORBIDDEN: You cannot decide your own access request (01JDQ0000000000000000000AB);"
                + " another approver must.");
    assertThat(refusal(() -> pending.approve(ALICE, Duration.ofHours(1), "", T0)))
        .isEqualTo(
            "FORBIDDEN: alice may not decide request 01JDQ0000000000000000000AB: rule"
                + " 'contractors-need-approval' needs a member of approvers.");
    assertThat(refusal(() -> pending.approve(BOB, Duration.ofHours(1), "", T0.plusSeconds(601))))
        .isEqualTo(
            "CONFLICT: Request 01JDQ0000000000000000000AB is expired and can no longer be decided.");
    assertThat(refusal(() -> pending.approve(BOB, Duration.ofHours(9), "", T0)))
        .startsWith("INVALID: Rule 'contractors-need-approval' allows grants of at most PT8H");
    assertThat(refusal(() -> pending.revoke(BOB, "", T0)))
        .isEqualTo(
            "CONFLICT: Request 01JDQ0000000000000000000AB is pending; only an approved grant can be"
                + " revoked.");
  }

  @Test
  void aDeniedRequestCannotBeApprovedAndARevokedGrantNoLongerGrants() throws Exception {
    AccessRequest denied = carols(1).deny(BOB, "not this week", T0);
    assertThat(denied.state()).isEqualTo(State.DENIED);
    assertThat(refusal(() -> denied.approve(DAVE, Duration.ofHours(1), "", T0)))
        .startsWith("CONFLICT: Request 01JDQ0000000000000000000AB is denied");

    AccessRequest revoked =
        carols(1)
            .approve(BOB, Duration.ofHours(1), "", T0)
            .revoke(DAVE, "left the team", T0.plusSeconds(9));
    assertThat(revoked.grants(T0.plusSeconds(10))).isFalse();
    assertThat(revoked.revocation().orElseThrow().by()).isEqualTo("dave");
  }

  @Test
  void itsJsonRoundTrips() throws Exception {
    AccessRequest approved = carols(1).approve(BOB, Duration.ofHours(2), "ok", T0);
    String json = Json.mapper().writeValueAsString(approved);

    assertThat(json).contains("\"state\":\"approved\"", "\"requested_duration\":\"PT4H\"");
    assertThat(Json.mapper().readValue(json, AccessRequest.class)).isEqualTo(approved);
  }

  private static String refusal(Transition t) {
    try {
      t.run();
      return "allowed";
    } catch (AccessException e) {
      return e.kind() + ": " + e.getMessage();
    }
  }

  interface Transition {
    void run() throws AccessException;
  }
}
