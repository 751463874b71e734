package dev.proctor.gateway.observability;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * The production gateway's log output: one line per record on standard error, buffered and written
 * at most every {@link #FLUSH_MILLIS} ms, at once for warnings and errors.
 *
 * <p>The JDK's console handler writes and flushes every record, a system call per access-log line
 * under load. Lines are {@code <instant> <LEVEL> <logger> <message>}; a record's exception follows
 * on its own lines.
 */
public final class ConsoleLog {
  static final long FLUSH_MILLIS = 200;

  private ConsoleLog() {}

  /** Replaces the root logger's handlers with the buffered one, for the life of the process. */
  public static void install() {
    install(new FileOutputStream(FileDescriptor.err));
  }

  /** {@link #install()}, with the lines going to {@code out} instead of standard error. */
  public static void install(OutputStream out) {
    Handler handler = handler(out);
    Logger root = LogManager.getLogManager().getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    root.addHandler(handler);
    ScheduledExecutorService flusher =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("proctor-log-flush").unstarted(r));
    flusher.scheduleWithFixedDelay(
        handler::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    Runtime.getRuntime().addShutdownHook(new Thread(handler::flush, "proctor-log-final-flush"));
  }

  /** A handler writing one-line records to {@code out} through a 64 KiB buffer. */
  static Handler handler(OutputStream out) {
    return new StreamHandler(new BufferedOutputStream(out, 64 * 1024), new OneLine()) {
      @Override
      public synchronized void publish(LogRecord record) {
        super.publish(record);
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
          flush();
        }
      }
    };
  }

  /** {@code 2026-11-24T16:00:31.123Z INFO dev.proctor.gateway.access exchange sid=...}. */
  static final class OneLine extends Formatter {
    @Override
    public String format(LogRecord record) {
      StringBuilder line =
          new StringBuilder(256)
              .append(Instant.ofEpochMilli(record.getMillis()))
              .append(' ')
              .append(record.getLevel().getName())
              .append(' ')
              .append(record.getLoggerName())
              .append(' ')
              .append(formatMessage(record))
              .append('\n');
      if (record.getThrown() != null) {
        var trace = new java.io.StringWriter();
        record.getThrown().printStackTrace(new java.io.PrintWriter(trace));
        line.append(trace);
      }
      return line.toString();
    }
  }
}
