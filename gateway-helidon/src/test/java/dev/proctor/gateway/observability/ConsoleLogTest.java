package dev.proctor.gateway.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class ConsoleLogTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Handler handler = ConsoleLog.handler(out);

  private String written() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private static LogRecord record(Level level, String message, Object... params) {
    LogRecord r = new LogRecord(level, message);
    r.setLoggerName("dev.proctor.gateway.access");
    r.setParameters(params);
    r.setMillis(1_764_000_000_123L);
    return r;
  }

  @Test
  void infoLinesWaitInTheBufferUntilAFlush() {
    handler.publish(record(Level.INFO, "exchange sid=s1 status=200"));
    handler.publish(record(Level.INFO, "exchange sid=s2 status=200"));

    assertThat(written()).isEmpty();
    handler.flush();
    assertThat(written())
        .isEqualTo(
            "2025-11-24T16:00:00.123Z INFO dev.proctor.gateway.access exchange sid=s1 status=200\n"
                + "2025-11-24T16:00:00.123Z INFO dev.proctor.gateway.access exchange sid=s2 status=200\n");
  }

  @Test
  void aWarningIsWrittenAtOnceWithTheLinesBeforeIt() {
    handler.publish(record(Level.INFO, "first"));
    handler.publish(record(Level.WARNING, "upstream {0} unreachable", "sim-openai"));

    assertThat(written().lines())
        .containsExactly(
            "2025-11-24T16:00:00.123Z INFO dev.proctor.gateway.access first",
            "2025-11-24T16:00:00.123Z WARNING dev.proctor.gateway.access upstream sim-openai unreachable");
  }

  @Test
  void anExceptionFollowsItsLine() {
    LogRecord r = record(Level.SEVERE, "failed");
    r.setThrown(new IllegalStateException("boom"));
    handler.publish(r);

    assertThat(written().lines().toList().subList(0, 2))
        .containsExactly(
            "2025-11-24T16:00:00.123Z SEVERE dev.proctor.gateway.access failed",
            "java.lang.IllegalStateException: boom");
  }
}
