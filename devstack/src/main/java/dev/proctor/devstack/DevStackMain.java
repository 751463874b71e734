package dev.proctor.devstack;

import dev.proctor.gateway.observability.ConsoleLog;
import dev.proctor.index.ProctorPaths;
import java.net.BindException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./proctor dev-stack [--json] [--sample-traffic N]}: starts the dev stack on the standard
 * ports, prints its endpoints (one JSON object on stdout with {@code --json}), writes them to the
 * user's config so other commands find it, and runs until stopped. With {@code --sample-traffic N},
 * the traffic generator first writes N recorded sessions of the past week into its bucket.
 */
public final class DevStackMain {
  private DevStackMain() {}

  public static void main(String[] args) throws Exception {
    ConsoleLog.install(); // the gateway's one-line records, as in production
    List<String> options = List.of(args);
    boolean json = options.contains("--json");
    ProctorPaths paths = ProctorPaths.fromEnvironment();
    DevStack stack = startOrExit(paths, "dev-stack");
    CountDownLatch stopped = stopOnExit(stack, paths);
    writeSampleTraffic(stack, sampleTraffic(options));
    if (json) {
      System.out.println(stack.info().toJson().replaceAll("\\s*\\n\\s*", " "));
    } else {
      printHuman(stack, paths);
    }
    System.out.flush();
    stopped.await();
  }

  /**
   * Starts the dev stack on the standard ports and writes its endpoints file, or exits with a
   * sentence that says why it could not.
   */
  static DevStack startOrExit(ProctorPaths paths, String command) throws Exception {
    DevStack stack;
    try {
      stack = DevStack.start(DevStack.Options.standard(paths.data().resolve("devstack")));
    } catch (Exception e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      System.err.println(
          root instanceof BindException
              ? "proctor "
                  + command
                  + ": a port is already in use (8080, 8081, 9000, 9100 and 9200 are "
                  + "needed). Is another dev stack running?"
              : "proctor "
                  + command
                  + ": could not start: "
                  + (e.getMessage() == null ? e.toString() : e.getMessage()));
      System.exit(1);
      return null;
    }
    stack.info().write(paths.devStackFile());
    return stack;
  }

  /** Stops the stack and removes its endpoints file when the JVM exits; counts down then. */
  static CountDownLatch stopOnExit(DevStack stack, ProctorPaths paths) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    Files.deleteIfExists(paths.devStackFile());
                    stack.close();
                  } catch (Exception e) {
                    System.err.println("proctor: error while stopping the dev stack: " + e);
                  }
                  stopped.countDown();
                }));
    return stopped;
  }

  /** Writes {@code sessions} generated sessions of the past week into the stack's bucket. */
  static void writeSampleTraffic(DevStack stack, int sessions) throws Exception {
    if (sessions <= 0) {
      return;
    }
    var s3 = stack.info().s3();
    try (TrafficGenerator generator =
        new TrafficGenerator(
            java.net.URI.create(s3.endpoint()), s3.accessKey(), s3.secretKey(), s3.bucket())) {
      java.time.Instant now = java.time.Instant.now();
      var written =
          generator.write(
              sessions, now.minus(java.time.Duration.ofDays(7)), now, now.getEpochSecond(), 4);
      System.err.println(
          "proctor: wrote "
              + written.sessions()
              + " sample sessions ("
              + written.exchanges()
              + " exchanges) of the past week; ./proctor sync fetches them");
    }
  }

  static int sampleTraffic(List<String> options) {
    int at = options.indexOf("--sample-traffic");
    if (at < 0) {
      return 0;
    }
    try {
      return Integer.parseInt(options.get(at + 1));
    } catch (IndexOutOfBoundsException | NumberFormatException e) {
      System.err.println("proctor dev-stack: --sample-traffic needs a number of sessions");
      System.exit(2);
      return 0;
    }
  }

  static void printHuman(DevStack stack, ProctorPaths paths) {
    var info = stack.info();
    System.out.println("Proctor dev stack is running. Stop it with Ctrl-C.");
    System.out.println();
    System.out.println(
        "  gateway        "
            + info.gateway().url()
            + "   (admin "
            + info.gateway().adminUrl()
            + ")");
    info.connections()
        .forEach(c -> System.out.println("  connection     " + c.name() + ": " + c.baseUrl()));
    System.out.println(
        "  S3             " + info.s3().endpoint() + "  bucket " + info.s3().bucket());
    System.out.println("  identity       " + info.idp().issuer() + "  users " + info.idp().users());
    System.out.println("  simulator      " + info.simulator().url());
    System.out.println("  endpoints file " + paths.devStackFile());
    System.out.println();
    System.out.println("Try it:");
    System.out.println(
        "  curl -s " + info.connections().getFirst().baseUrl() + "/chat/completions \\");
    System.out.println(
        "    -H \"Authorization: Bearer $(./proctor dev-token alice)\" -H 'Content-Type: application/json' \\");
    System.out.println(
        "    -d '{\"model\":\"sim-1\",\"messages\":[{\"role\":\"user\",\"content\":\"hello gateway\"}]}'");
    System.out.println("  ./proctor sync && ./proctor search gateway");
  }
}
