package dev.proctor.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A peer process (gateway, nginx, Portkey) started for one benchmark run and stopped after it. */
final class Child implements AutoCloseable {
  private final String name;
  private final Process process;

  private Child(String name, Process process) {
    this.name = name;
    this.process = process;
  }

  /** Starts {@code command} and waits until it accepts connections on {@code port}. */
  static Child start(String name, List<String> command, int port, Path log, Duration timeout)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(name + " exited with " + process.exitValue() + "; see " + log);
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return new Child(name, process);
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    process.destroyForcibly();
    throw new IOException(
        name + " did not listen on " + port + " within " + timeout + "; see " + log);
  }

  /** CPU time used so far by this process and its descendants (nginx workers, node), in ns. */
  long cpuNanos() {
    return java.util.stream.Stream.concat(
            java.util.stream.Stream.of(process.toHandle()), process.descendants())
        .mapToLong(h -> h.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L))
        .sum();
  }

  @Override
  public void close() throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
