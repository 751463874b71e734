package dev.proctor.bench.scanner;

import dev.proctor.gateway.masking.EventStreamMasker;
import dev.proctor.gateway.masking.JsonMasker;
import dev.proctor.gateway.masking.MaskingPolicy;
import dev.proctor.gateway.sse.SseEvent;
import dev.proctor.gateway.sse.SseFramer;
import dev.proctor.secrets.FakeSecrets;
import dev.proctor.secrets.Fingerprinter;
import dev.proctor.secrets.RuleSet;
import dev.proctor.secrets.SecretScanner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.HdrHistogram.Histogram;

/**
 * What streaming masking adds per SSE event: the time to frame, mask and re-encode one OpenAI chat
 * chunk, and how many characters are held back after each event. The text is source code with its
 * comments (the JDK's {@code java.util}), cut into 1–6 character tokens as a model streams them;
 * once clean, once with a fake secret planted every ~2 KB.
 *
 * <p>Usage: {@code java ... StreamingMaskingLatency <source dir>}
 */
public final class StreamingMaskingLatency {
  private StreamingMaskingLatency() {}

  public static void main(String[] args) throws Exception {
    Path dir =
        Path.of(args.length > 0 ? args[0] : "bench/target/scanner/jdk17/java.base/java/util");
    StringBuilder all = new StringBuilder();
    for (SourceTree.Text t : SourceTree.read(dir)) {
      all.append(t.text());
      if (all.length() > 4_000_000) {
        break;
      }
    }
    String clean = all.toString();
    String withSecrets = plantSecrets(clean, new Random(7));
    JsonMasker masker =
        new JsonMasker(
            new SecretScanner(
                RuleSet.builtIn(),
                new Fingerprinter(
                    "benchmark-fingerprint-key-0123456789".getBytes(StandardCharsets.UTF_8))));

    measure(masker, clean.substring(0, 500_000), new Random(1)); // warm-up
    System.out.println(
        "| text | events | added latency per event p50 / p99 / p99.9 (µs)"
            + " | held back after an event p50 / p99 / max (chars) |");
    System.out.println("|---|---:|---|---|");
    print("clean source code and comments", measure(masker, clean, new Random(2)));
    print("the same with a fake secret every ~2 KB", measure(masker, withSecrets, new Random(3)));
  }

  record Result(long events, Histogram nanos, Histogram held) {}

  static Result measure(JsonMasker jsonMasker, String text, Random random) {
    Histogram nanos = new Histogram(3_600_000_000L, 3);
    Histogram held = new Histogram(1_000_000L, 3);
    long events = 0;
    int at = 0;
    while (at < text.length()) {
      // one answer of ~4,000 characters per stream
      int end = Math.min(text.length(), at + 4_000);
      SseFramer framer = new SseFramer();
      EventStreamMasker masker = new EventStreamMasker(jsonMasker, MaskingPolicy.MASK);
      for (byte[] frame : frames(text.substring(at, end), random)) {
        long start = System.nanoTime();
        for (SseEvent e : framer.feed(frame, 0, frame.length)) {
          for (SseEvent out : masker.apply(e).toClient()) {
            blackhole += out.raw().length;
          }
        }
        nanos.recordValue(System.nanoTime() - start);
        held.recordValue(masker.heldBack());
        events++;
      }
      masker.finish();
      at = end;
    }
    return new Result(events, nanos, held);
  }

  static long blackhole;

  private static List<byte[]> frames(String text, Random random) {
    List<byte[]> frames = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      int n = Math.min(text.length() - i, 1 + random.nextInt(6));
      if (Character.isHighSurrogate(text.charAt(i + n - 1)) && i + n < text.length()) {
        n++;
      }
      String piece = text.substring(i, i + n);
      frames.add(
          ("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                  + "\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":"
                  + com.fasterxml.jackson.databind.node.TextNode.valueOf(piece)
                  + "},\"logprobs\":null,\"finish_reason\":null}]}\n\n")
              .getBytes(StandardCharsets.UTF_8));
      i += n;
    }
    return frames;
  }

  private static String plantSecrets(String text, Random random) {
    List<String> rules = FakeSecrets.rules();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i += 2_000) {
      out.append(text, i, Math.min(text.length(), i + 2_000));
      FakeSecrets.Plant plant = FakeSecrets.plant(rules.get(random.nextInt(rules.size())), random);
      out.append('\n').append(FakeSecrets.Context.ENV_FILE.render(plant)).append('\n');
    }
    return out.toString();
  }

  private static void print(String name, Result r) {
    System.out.printf(
        "| %s | %,d | %.1f / %.1f / %.1f | %d / %d / %d |%n",
        name,
        r.events(),
        r.nanos().getValueAtPercentile(50) / 1e3,
        r.nanos().getValueAtPercentile(99) / 1e3,
        r.nanos().getValueAtPercentile(99.9) / 1e3,
        r.held().getValueAtPercentile(50),
        r.held().getValueAtPercentile(99),
        r.held().getMaxValue());
  }
}
