package dev.proctor.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proctor.devstack.Approvals.Answer;
import dev.proctor.gateway.Gateway;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Just-in-time approval across two gateway replicas on one bucket: a call held on one replica goes
 * through when an approver decides on the other; a revocation on one stops calls on the other
 * within the staleness bound; concurrent decisions resolve exactly once.
 */
class ApprovalReplicasTest {
  @TempDir static Path dir;
  static DevStack stack;
  static Gateway replicaB;

  @BeforeAll
  static void start() throws Exception {
    Approvals.writePolicy(dir.resolve("a"), "6s");
    stack = DevStack.start(DevStack.Options.ephemeral(dir.resolve("a")));
    replicaB = stack.startReplica(dir.resolve("b"));
  }

  @AfterAll
  static void stop() throws Exception {
    replicaB.close();
    stack.close();
  }

  @Test
  void approvedOnOneReplicaTheHeldCallOnTheOtherGoesThroughAndARevokeStopsBoth() throws Exception {
    int a = stack.gateway().port();
    int b = replicaB.port();
    String carol = stack.idp().token("carol", 600);
    String bob = stack.idp().token("bob", 600);

    long started = System.nanoTime();
    CompletableFuture<Answer> held =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return Approvals.call(a, carol, "sim-openai", "fixing the billing export");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    String id = Approvals.awaitPending(replicaB.adminPort(), bob, "carol");
    Answer request = Approvals.admin(replicaB.adminPort(), bob, "GET", "/" + id, null);
    assertThat(request.body().path("reason").asText()).isEqualTo("fixing the billing export");
    assertThat(request.body().path("rule").asText()).isEqualTo("contractors-need-approval");

    Answer approved =
        Approvals.admin(
            replicaB.adminPort(),
            bob,
            "POST",
            "/" + id + "/approve",
            "{\"duration\":\"PT1H\",\"reason\":\"billing fix this afternoon\"}");
    assertThat(approved.status()).isEqualTo(200);
    assertThat(approved.body().path("state").asText()).isEqualTo("approved");

    Answer answer = held.get();
    double seconds = (System.nanoTime() - started) / 1e9;
    assertThat(answer.status()).as("%s", answer.body()).isEqualTo(200);
    assertThat(seconds).as("within the 6 s hold").isLessThan(6);
    assertThat(Approvals.call(a, carol, "sim-openai", null).status()).isEqualTo(200);
    assertThat(Approvals.call(b, carol, "sim-openai", null).status()).isEqualTo(200);

    Answer revoked =
        Approvals.admin(
            stack.gateway().adminPort(),
            bob,
            "POST",
            "/" + id + "/revoke",
            "{\"reason\":\"done\"}");
    assertThat(revoked.status()).isEqualTo(200);
    assertThat(revoked.body().path("state").asText()).isEqualTo("revoked");
    Thread.sleep(2_100); // the staleness bound (2 s)
    Answer blocked = Approvals.call(b, carol, "sim-openai", null);
    assertThat(blocked.status()).isEqualTo(403);
    assertThat(blocked.body().at("/error/message").asText())
        .contains("needs approval under policy rule 'contractors-need-approval'")
        .contains("waiting for a member of approvers");
  }

  @Test
  void fiftyConcurrentApprovalsAndDenialsDecideARequestExactlyOnce() throws Exception {
    String alice = stack.idp().token("alice", 600);
    String bob = stack.idp().token("bob", 600);
    String dave = stack.idp().token("dave", 600);
    Answer waiting = Approvals.call(stack.gateway().port(), alice, "sim-anthropic", "docs");
    assertThat(waiting.status()).isEqualTo(403); // the 1 s hold ran out; the request stays open
    String id = Approvals.awaitPending(replicaB.adminPort(), bob, "alice");

    ExecutorService pool = Executors.newFixedThreadPool(50);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Answer>> decisions = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      boolean approve = i % 2 == 0;
      int adminPort = i % 4 < 2 ? stack.gateway().adminPort() : replicaB.adminPort();
      decisions.add(
          pool.submit(
              () -> {
                go.await();
                return approve
                    ? Approvals.admin(
                        adminPort, bob, "POST", "/" + id + "/approve", "{\"reason\":\"race\"}")
                    : Approvals.admin(
                        adminPort, dave, "POST", "/" + id + "/deny", "{\"reason\":\"race\"}");
              }));
    }
    go.countDown();
    List<Answer> answers = new ArrayList<>();
    for (Future<Answer> f : decisions) {
      answers.add(f.get());
    }
    pool.shutdown();

    List<Answer> won = answers.stream().filter(x -> x.status() == 200).toList();
    assertThat(won).as("answers: %s", answers).hasSize(1);
    assertThat(answers)
        .filteredOn(x -> x.status() != 200)
        .hasSize(49)
        .allSatisfy(x -> assertThat(x.status()).isEqualTo(409));
    String decided = won.getFirst().body().path("state").asText();
    Answer stored = Approvals.admin(replicaB.adminPort(), bob, "GET", "/" + id, null);
    assertThat(stored.body().path("state").asText()).isEqualTo(decided).isIn("approved", "denied");
    assertThat(stored.body().path("approvals").size() + (stored.body().has("denial") ? 1 : 0))
        .as("one decision recorded")
        .isEqualTo(1);
    List<JsonNode> audit =
        Approvals.auditEvents(dir.resolve("a/s3")).stream()
            .filter(e -> e.at("/data/request_id").asText().equals(id))
            .toList();
    assertThat(audit)
        .extracting(e -> e.at("/data/action").asText() + ":" + e.at("/data/to").asText())
        .containsExactly(
            "opened:pending", decided.equals("approved") ? "approved:approved" : "denied:denied");
    assertThat(audit.get(1).at("/data/by").asText())
        .isEqualTo(decided.equals("approved") ? "bob" : "dave");
    assertThat(audit.get(1).at("/data/reason").asText()).isEqualTo("race");
  }
}
