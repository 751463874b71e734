package dev.proctor.gateway.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BackgroundThreadsTest {
  @Test
  void housekeepingThreadsRunAtTheLowerPriorityAndLeaveEveryOtherThreadAlone() throws Exception {
    assumeTrue(Files.exists(Path.of("/proc/thread-self/stat")), "Linux only");
    int before = niceOfCurrentThread();
    CompletableFuture<Integer> seen = new CompletableFuture<>();
    CompletableFuture<String> name = new CompletableFuture<>();
    Thread thread =
        BackgroundThreads.named("proctor-test-housekeeping")
            .newThread(
                () -> {
                  name.complete(Thread.currentThread().getName());
                  try {
                    seen.complete(niceOfCurrentThread());
                  } catch (IOException e) {
                    seen.completeExceptionally(e);
                  }
                });
    assertThat(thread.isDaemon()).isTrue();
    thread.start();

    assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo(BackgroundThreads.NICE);
    assertThat(name.get()).isEqualTo("proctor-test-housekeeping");
    assertThat(niceOfCurrentThread()).as("the thread that created it").isEqualTo(before);
    CompletableFuture<Integer> other = new CompletableFuture<>();
    Thread.ofPlatform()
        .start(
            () -> {
              try {
                other.complete(niceOfCurrentThread());
              } catch (IOException e) {
                other.completeExceptionally(e);
              }
            });
    assertThat(other.get(10, TimeUnit.SECONDS)).as("a thread started afterwards").isEqualTo(before);
  }

  /** Field 19 of {@code /proc/thread-self/stat}, counted after the command name's parenthesis. */
  private static int niceOfCurrentThread() throws IOException {
    String stat = Files.readString(Path.of("/proc/thread-self/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(fields[16]); // fields[0] is field 3 (state)
  }
}
