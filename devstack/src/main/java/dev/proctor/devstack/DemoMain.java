package dev.proctor.devstack;

import dev.proctor.gateway.observability.ConsoleLog;
import dev.proctor.index.ProctorPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The stack half of {@code ./proctor demo}: starts the dev stack, sends the demo's live traffic
 * through its gateway ({@link DemoTraffic}), waits until the recordings are in S3 and Carol's
 * request is pending, then touches the ready file (so the launcher opens the workstation) and runs
 * until stopped. {@code --sample-traffic N} also writes N generated sessions of the past week.
 */
public final class DemoMain {
  private DemoMain() {}

  public static void main(String[] args) throws Exception {
    List<String> options = List.of(args);
    ProctorPaths paths = ProctorPaths.fromEnvironment();
    // the log goes to a file: the terminal shows what the demo does, step by step
    Path log = Files.createDirectories(paths.data().resolve("devstack")).resolve("demo.log");
    ConsoleLog.install(
        Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
    DevStack stack = DevStackMain.startOrExit(paths, "demo");
    CountDownLatch stopped = DevStackMain.stopOnExit(stack, paths);
    System.err.println(
        "proctor demo: dev stack started (its log: "
            + log
            + "); sending the demo traffic through it...");
    DevStackMain.writeSampleTraffic(stack, DevStackMain.sampleTraffic(options));

    DemoTraffic traffic = new DemoTraffic(stack.info());
    for (DemoTraffic.Call call : traffic.run()) {
      System.err.println("  " + call);
    }
    // sign the finished sessions' manifests now rather than at the idle timeout
    stack.gateway().recorder().closeAll("demo traffic sent");
    if (!stack.gateway().recorder().awaitUploads(Duration.ofSeconds(30))) {
      System.err.println("proctor demo: the recordings are not all in S3 yet; sync again later");
    }
    traffic
        .heldCall()
        .whenComplete(
            (call, error) ->
                System.err.println(
                    error == null
                        ? "proctor demo: carol's held call ended: HTTP "
                            + call.status()
                            + (call.status() == 200 ? " (approved)" : "")
                        : "proctor demo: carol's held call got no answer ("
                            + (error.getCause() != null ? error.getCause() : error).getMessage()
                            + "; the demo is stopping)"));
    awaitPending(traffic);
    System.err.println(
        "  "
            + DemoTraffic.Call.line(
                "carol", "sim-openai", "contractor's call, held for approval", "pending"));

    DevStackMain.printHuman(stack, paths);
    System.out.flush();
    readyFile(options).ifPresent(DemoMain::touch);
    stopped.await();
  }

  /** Waits (up to 10 s) until an approver sees carol's request as pending. */
  private static void awaitPending(DemoTraffic traffic) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (traffic.pendingRequestsOf("carol", "bob") > 0) {
        return;
      }
      Thread.sleep(100);
    }
    System.err.println("proctor demo: carol's access request did not appear within 10 s");
  }

  private static Optional<Path> readyFile(List<String> options) {
    int at = options.indexOf("--ready-file");
    return at >= 0 && at + 1 < options.size()
        ? Optional.of(Path.of(options.get(at + 1)))
        : Optional.empty();
  }

  private static void touch(Path file) {
    try {
      Files.writeString(file, "ready\n");
    } catch (IOException e) {
      System.err.println("proctor demo: could not write " + file + ": " + e);
    }
  }
}
