package dev.proctor.gateway.observability;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * The gateway's Prometheus metrics, kept in plain counters and fixed-bucket histograms and rendered
 * in the text exposition format at {@code /metrics} on the admin port. Labels are never derived
 * from bodies, tokens or subjects, so cardinality stays bounded and nothing secret leaks.
 */
public final class Metrics {
  private static final double[] BUCKETS = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300
  };

  private final Map<String, LongAdder> exchanges = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();
  private final Map<String, Histogram> durations = new ConcurrentHashMap<>();
  private final Map<String, Histogram> ttfb = new ConcurrentHashMap<>();
  private final Map<String, Gauge> gauges = new ConcurrentHashMap<>();

  private record Gauge(String help, DoubleSupplier value) {}

  /** Counts one exchange that reached the upstream stage, and its duration. */
  public void exchange(String connection, String api, String outcome, double durationMs) {
    counter(exchanges, labels("connection", connection, "api", api, "outcome", outcome))
        .increment();
    durations
        .computeIfAbsent(labels("connection", connection), k -> new Histogram())
        .observe(durationMs / 1000);
  }

  /** Time from sending upstream to the response head. */
  public void timeToFirstByte(String connection, double ms) {
    ttfb.computeIfAbsent(labels("connection", connection), k -> new Histogram()).observe(ms / 1000);
  }

  /** Counts a call refused before it went upstream (401, 400, 404, 503...). */
  public void rejected(String connection, int status) {
    counter(rejected, labels("connection", connection, "status", Integer.toString(status)))
        .increment();
  }

  /** Registers a value read at scrape time, such as spool depth. */
  public void gauge(String name, String help, DoubleSupplier value) {
    gauges.put(name, new Gauge(help, value));
  }

  /** The Prometheus text exposition of every metric. */
  public String scrape() {
    StringBuilder out = new StringBuilder();
    family(out, "proctor_exchanges_total", "counter", "Exchanges relayed upstream, by outcome.");
    new TreeMap<>(exchanges).forEach((l, v) -> sample(out, "proctor_exchanges_total", l, v.sum()));
    family(
        out,
        "proctor_rejected_total",
        "counter",
        "Calls refused before reaching the upstream, by HTTP status.");
    new TreeMap<>(rejected).forEach((l, v) -> sample(out, "proctor_rejected_total", l, v.sum()));
    histogram(
        out,
        "proctor_exchange_duration_seconds",
        "Exchange duration from request to end.",
        durations);
    histogram(out, "proctor_time_to_first_byte_seconds", "Upstream time to response head.", ttfb);
    new TreeMap<>(gauges)
        .forEach(
            (name, g) -> {
              family(out, name, "gauge", g.help());
              sample(out, name, "", g.value().getAsDouble());
            });
    return out.toString();
  }

  private static void histogram(
      StringBuilder out, String name, String help, Map<String, Histogram> hs) {
    family(out, name, "histogram", help);
    new TreeMap<>(hs)
        .forEach(
            (labels, h) -> {
              long cumulative = 0;
              for (int i = 0; i < BUCKETS.length; i++) {
                cumulative += h.buckets[i].sum();
                sample(
                    out,
                    name + "_bucket",
                    join(labels, "le=\"" + format(BUCKETS[i]) + "\""),
                    cumulative);
              }
              cumulative += h.buckets[BUCKETS.length].sum();
              sample(out, name + "_bucket", join(labels, "le=\"+Inf\""), cumulative);
              sample(out, name + "_sum", labels, h.sumMicros.sum() / 1e6);
              sample(out, name + "_count", labels, cumulative);
            });
  }

  private static LongAdder counter(Map<String, LongAdder> map, String labels) {
    return map.computeIfAbsent(labels, k -> new LongAdder());
  }

  private static String labels(String... kv) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < kv.length; i += 2) {
      if (!b.isEmpty()) {
        b.append(',');
      }
      b.append(kv[i])
          .append("=\"")
          .append(kv[i + 1].replace("\\", "\\\\").replace("\"", "\\\""))
          .append('"');
    }
    return b.toString();
  }

  private static String join(String a, String b) {
    return a.isEmpty() ? b : a + "," + b;
  }

  private static void family(StringBuilder out, String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void sample(StringBuilder out, String name, String labels, double value) {
    out.append(name);
    if (!labels.isEmpty()) {
      out.append('{').append(labels).append('}');
    }
    out.append(' ').append(format(value)).append('\n');
  }

  private static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%s", v);
  }

  /** Fixed buckets; the last slot counts values above the largest bound. */
  private static final class Histogram {
    final LongAdder[] buckets = new LongAdder[BUCKETS.length + 1];
    final LongAdder sumMicros = new LongAdder();

    Histogram() {
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = new LongAdder();
      }
    }

    void observe(double seconds) {
      int i = 0;
      while (i < BUCKETS.length && seconds > BUCKETS[i]) {
        i++;
      }
      buckets[i].increment();
      sumMicros.add(Math.round(seconds * 1e6));
    }
  }
}
