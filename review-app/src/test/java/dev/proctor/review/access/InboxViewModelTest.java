package dev.proctor.review.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proctor.access.AccessRequest;
import dev.proctor.review.ui.TaskRunner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class InboxViewModelTest {
  static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  static AccessRequest request(String id, String who, Instant at) {
    return AccessRequest.open(
            id,
            new AccessRequest.Requester("iss", who, List.of("contractors")),
            "sim-openai",
            "contractors-need-approval",
            "incident 4711",
            Duration.ofHours(1),
            List.of("approvers"),
            1,
            Duration.ofHours(8),
            at,
            Duration.ofHours(1))
        .withPrompt(Optional.of("fix [MASKED:github-pat:0a1b2c3d]"));
  }

  /** The admin API as a test double: the feed is driven by the test; decisions are scripted. */
  static final class Api implements AccessSource {
    Consumer<AccessRequest> feed;
    Exception refusal;
    final List<String> calls = new ArrayList<>();

    @Override
    public AutoCloseable follow(
        Runnable onOpen, Consumer<AccessRequest> onChange, Consumer<Exception> onError) {
      feed = onChange;
      onOpen.run();
      return () -> {};
    }

    @Override
    public AccessRequest approve(String id, Duration duration, String reason)
        throws AdminApiException {
      calls.add("approve " + id + " " + duration + " " + reason);
      if (refusal != null) {
        throw (AdminApiException) refusal;
      }
      try {
        return request(id, "carol", T0)
            .approve(
                new AccessRequest.Actor("bob", List.of("approvers")),
                Duration.ofHours(2),
                reason,
                T0);
      } catch (dev.proctor.access.AccessException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public AccessRequest deny(String id, String reason) {
      calls.add("deny " + id + " " + reason);
      return null;
    }

    @Override
    public AccessRequest revoke(String id, String reason) {
      calls.add("revoke " + id + " " + reason);
      return null;
    }
  }

  private final Api api = new Api();
  private final List<String> notified = new ArrayList<>();
  private final InboxViewModel model =
      new InboxViewModel(
          () -> api,
          TaskRunner.inline(),
          Runnable::run,
          (title, message) -> notified.add(title + " | " + message),
          Clock.fixed(T0, ZoneOffset.UTC));

  @Test
  void theFeedFillsTheInboxPendingFirstAndNotifiesOnlyOfNewRequests() throws Exception {
    model.connect();
    assertThat(model.connection().get()).isEqualTo("live");
    AccessRequest old = request("01JDQ000000000000000000001", "dave", T0.minusSeconds(600));
    api.feed.accept(
        old.deny(new AccessRequest.Actor("bob", List.of("approvers")), "no", T0.minusSeconds(300)));
    api.feed.accept(request("01JDQ000000000000000000002", "erin", T0.minusSeconds(60)));
    assertThat(notified).as("the backlog is not news").isEmpty();

    api.feed.accept(request("01JDQ000000000000000000003", "carol", T0));
    assertThat(notified)
        .containsExactly(
            "Access request from carol | carol asks for sim-openai (1 h): incident 4711");
    assertThat(model.rows())
        .extracting(r -> r.requester() + " " + r.state())
        .containsExactly("carol pending", "erin pending", "dave denied");
    RequestRow carol = model.rows().getFirst();
    assertThat(carol.prompt()).isEqualTo("fix [MASKED:github-pat:0a1b2c3d]");
    assertThat(carol.age(model.now().get())).isEqualTo("0 s ago");
    assertThat(model.rows().get(1).age(model.now().get())).isEqualTo("1 min ago");
    assertThat(model.selected().get().requester())
        .as("the first pending request opens; a newer one does not take the selection away")
        .isEqualTo("erin");
  }

  @Test
  void aRequestsAgeMovesOnWithTheClock() {
    Instant[] time = {T0};
    Clock moving =
        new Clock() {
          @Override
          public Instant instant() {
            return time[0];
          }

          @Override
          public ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(ZoneId zone) {
            return this;
          }
        };
    InboxViewModel inbox =
        new InboxViewModel(() -> api, TaskRunner.inline(), Runnable::run, (t, m) -> {}, moving);
    inbox.connect();
    api.feed.accept(request("01JDQ000000000000000000004", "carol", T0.minusSeconds(5)));
    assertThat(inbox.rows().getFirst().age(inbox.now().get())).isEqualTo("5 s ago");

    time[0] = T0.plusSeconds(150);
    inbox.tick();

    assertThat(inbox.rows().getFirst().age(inbox.now().get())).isEqualTo("2 min ago");
  }

  @Test
  void anApprovalSendsTheDurationAndReasonAndShowsTheNewState() {
    model.connect();
    api.feed.accept(request("01JDQ000000000000000000003", "carol", T0));
    model.selected().set(model.rows().getFirst());
    model.duration().set("2h");
    model.reason().set(" on call ");
    model.approve();
    assertThat(api.calls).containsExactly("approve 01JDQ000000000000000000003 PT2H on call");
    assertThat(model.rows().getFirst().state()).isEqualTo("approved");
    assertThat(model.message().get())
        .isEqualTo("Request 01JDQ000000000000000000003 of carol: approved. Now approved.");
  }

  @Test
  void aRefusalShowsTheGatewaysSentence() {
    model.connect();
    api.feed.accept(request("01JDQ000000000000000000003", "carol", T0));
    model.selected().set(model.rows().getFirst());
    api.refusal =
        new AdminApiException(
            403,
            "forbidden",
            "You cannot decide your own access request (01JDQ000000000000000000003); another approver must.");
    model.approve();
    assertThat(model.message().get()).startsWith("You cannot decide your own access request");
    assertThat(model.rows().getFirst().state()).isEqualTo("pending");
  }

  @Test
  void aBadDurationIsRefusedBeforeAnyCall() {
    model.connect();
    api.feed.accept(request("01JDQ000000000000000000003", "carol", T0));
    model.selected().set(model.rows().getFirst());
    model.duration().set("two hours");
    model.approve();
    assertThat(api.calls).isEmpty();
    assertThat(model.message().get())
        .isEqualTo("Duration: 'two hours' is not a length of time; write 30m, 2h, 1d or PT2H.");
    assertThat(InboxViewModel.parseDuration("")).isZero();
    assertThat(InboxViewModel.parseDuration("90m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(InboxViewModel.parseDuration("PT8H")).isEqualTo(Duration.ofHours(8));
    assertThatThrownBy(() -> InboxViewModel.parseDuration("0h"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
