package dev.proctor.bench.scanner;

import dev.proctor.secrets.FakeSecrets;
import dev.proctor.secrets.Fingerprinter;
import dev.proctor.secrets.RuleSet;
import dev.proctor.secrets.SecretMatch;
import dev.proctor.secrets.SecretScanner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Proctor's secret scanner beside gitleaks 8.16 on the same inputs:
 *
 * <ol>
 *   <li>recall on a generated corpus (every built-in rule's fake secrets in 15 contexts, one per
 *       file), per rule that both tools support;
 *   <li>false positives on a large tree with no secrets (the JDK 17 sources);
 *   <li>throughput per core on {@code java.base}: JMH for Proctor, gitleaks timed with {@code
 *       GOMAXPROCS=1}.
 * </ol>
 *
 * A secret counts as caught when any rule reports it. Settings (system properties): {@code
 * bench.gitleaks}, {@code bench.jdkSources} (src.zip), {@code bench.work}, {@code bench.samples}
 * (per rule and context).
 */
public final class ScannerComparison {
  /** Our rule → the gitleaks 8.16 default rule(s) for the same secrets. */
  static final Map<String, String> SHARED = new TreeMap<>();

  static {
    String[][] pairs = {
      {"openssh-private-key", "private-key"},
      {"private-key", "private-key"},
      {"age-secret-key", "age secret key"},
      {"jwt", "jwt"},
      {"aws-access-key-id", "aws-access-token"},
      {"gcp-api-key", "gcp-api-key"},
      {"alibaba-access-key-id", "alibaba-access-key-id"},
      {"digitalocean-token", "digitalocean-pat"},
      {"heroku-api-key", "heroku-api-key"},
      {"hashicorp-vault-token", "vault-service-token"},
      {"terraform-cloud-token", "hashicorp-tf-api-token"},
      {"doppler-token", "doppler-api-token"},
      {"github-pat", "github-pat"},
      {"github-oauth", "github-oauth"},
      {"github-user-to-server", "github-app-token"},
      {"github-server-to-server", "github-app-token"},
      {"github-refresh-token", "github-refresh-token"},
      {"github-fine-grained-pat", "github-fine-grained-pat"},
      {"gitlab-pat", "gitlab-pat"},
      {"gitlab-runner-registration-token", "gitlab-rrt"},
      {"atlassian-api-token", "atlassian-api-token"},
      {"npm-access-token", "npm-access-token"},
      {"pypi-upload-token", "pypi-upload-token"},
      {"rubygems-api-key", "rubygems-api-token"},
      {"clojars-token", "clojars-api-token"},
      {"stripe-secret-key", "stripe-access-token"},
      {"square-access-token", "square-access-token"},
      {"shopify-token", "shopify-access-token"},
      {"flutterwave-secret-key", "flutterwave-secret-key"},
      {"slack-token", "slack-access-token"},
      {"slack-webhook", "slack-web-hook"},
      {"telegram-bot-token", "telegram-bot-api-token"},
      {"twilio-api-key", "twilio-api-key"},
      {"sendgrid-api-key", "sendgrid-api-token"},
      {"mailgun-api-key", "mailgun-private-api-token"},
      {"mailchimp-api-key", "mailchimp-api-key"},
      {"microsoft-teams-webhook", "microsoft-teams-webhook"},
      {"datadog-api-key", "datadog-access-token"},
      {"new-relic-key", "new-relic-user-api-key"},
      {"sentry-token", "sentry-access-token"},
      {"grafana-token", "grafana-api-key"},
      {"dynatrace-api-token", "dynatrace-api-token"},
      {"linear-api-key", "linear-api-key"},
      {"postman-api-key", "postman-api-token"},
      {"generic-secret", "generic-api-key"},
    };
    for (String[] p : pairs) {
      SHARED.put(p[0], p[1]);
    }
  }

  private final Gitleaks gitleaks;
  private final Path work;
  private final SecretScanner scanner =
      new SecretScanner(
          RuleSet.builtIn(),
          new Fingerprinter(
              "benchmark-fingerprint-key-0123456789".getBytes(StandardCharsets.UTF_8)));

  ScannerComparison(Gitleaks gitleaks, Path work) {
    this.gitleaks = gitleaks;
    this.work = work;
  }

  public static void main(String[] args) throws Exception {
    Path work = Path.of(System.getProperty("bench.work", "bench/target/scanner")).toAbsolutePath();
    Gitleaks gitleaks = new Gitleaks(Path.of(System.getProperty("bench.gitleaks")));
    ScannerComparison comparison = new ScannerComparison(gitleaks, work);
    comparison.recall(Integer.getInteger("bench.samples", 3));
    Path jdk = work.resolve("jdk17");
    SourceTree.unzip(
        Path.of(System.getProperty("bench.jdkSources", "/usr/lib/jvm/openjdk-17/lib/src.zip")),
        jdk);
    comparison.falsePositives(jdk);
    comparison.throughput(jdk.resolve("java.base"));
  }

  // --- recall ---

  /** A planted secret: where it is, as the file's text has it. */
  record Planted(String rule, Path file, String anchor, int start, int end) {}

  void recall(int samples) throws Exception {
    Path dir = work.resolve("planted");
    deleteTree(dir);
    List<Planted> planted = new ArrayList<>();
    Random random = new Random(20261124);
    for (String rule : FakeSecrets.rules()) {
      for (FakeSecrets.Context context : FakeSecrets.Context.values()) {
        for (int i = 0; i < samples; i++) {
          FakeSecrets.Plant plant = FakeSecrets.plant(rule, random);
          String text = context.render(plant);
          String anchor = plant.secret().substring(0, Math.min(12, plant.secret().length()));
          int start = text.indexOf(anchor);
          if (start < 0) {
            continue; // the context escaped the secret's start; it is not a fair sample
          }
          Path file =
              dir.resolve(rule)
                  .resolve(context.name().toLowerCase(Locale.ROOT) + "-" + i + ".txt")
                  .toAbsolutePath();
          Files.createDirectories(file.getParent());
          Files.writeString(file, text);
          planted.add(new Planted(rule, file, anchor, start, start + plant.secret().length()));
        }
      }
    }

    Gitleaks.Run theirs = gitleaks.scan(dir, work.resolve("planted-report.json"));
    Map<Path, List<Gitleaks.Leak>> leaksByFile = new HashMap<>();
    theirs
        .leaks()
        .forEach(l -> leaksByFile.computeIfAbsent(l.file(), f -> new ArrayList<>()).add(l));

    Map<String, int[]> byRule = new TreeMap<>(); // n, ours, gitleaks
    for (Planted p : planted) {
      String text = Files.readString(p.file());
      boolean ours = false;
      for (SecretMatch m : scanner.scan(text)) {
        ours |= m.start() < p.end() && p.start() < m.end();
      }
      boolean gl = false;
      for (Gitleaks.Leak l : leaksByFile.getOrDefault(p.file(), List.of())) {
        String secret = text.substring(p.start(), Math.min(text.length(), p.end()));
        gl |=
            l.secret().contains(p.anchor())
                || (l.secret().length() >= 8 && secret.contains(l.secret()));
      }
      int[] counts = byRule.computeIfAbsent(p.rule(), r -> new int[3]);
      counts[0]++;
      counts[1] += ours ? 1 : 0;
      counts[2] += gl ? 1 : 0;
    }

    System.out.println("\n## Recall on planted secrets (" + planted.size() + " files)\n");
    System.out.println("| rule (Proctor) | gitleaks rule | samples | Proctor | gitleaks |");
    System.out.println("|---|---|---:|---:|---:|");
    int shared = 0;
    int worse = 0;
    int[] total = new int[3];
    int[] sharedTotal = new int[3];
    for (Map.Entry<String, int[]> e : byRule.entrySet()) {
      int[] c = e.getValue();
      String theirRule = SHARED.getOrDefault(e.getKey(), "—");
      System.out.printf(
          "| %s | %s | %d | %s | %s |%n",
          e.getKey(), theirRule, c[0], percent(c[1], c[0]), percent(c[2], c[0]));
      for (int i = 0; i < 3; i++) {
        total[i] += c[i];
        if (SHARED.containsKey(e.getKey())) {
          sharedTotal[i] += c[i];
        }
      }
      if (SHARED.containsKey(e.getKey())) {
        shared++;
        worse += c[1] < c[2] ? 1 : 0;
      }
    }
    System.out.printf(
        "%nAll rules: Proctor %s, gitleaks %s. Rules both support: %d; Proctor %s, gitleaks %s;"
            + " rules where Proctor's recall is below gitleaks': %d.%n",
        percent(total[1], total[0]),
        percent(total[2], total[0]),
        shared,
        percent(sharedTotal[1], sharedTotal[0]),
        percent(sharedTotal[2], sharedTotal[0]),
        worse);
  }

  // --- false positives ---

  void falsePositives(Path tree) throws Exception {
    List<SourceTree.Text> texts = SourceTree.read(tree);
    Map<String, Integer> ours = new TreeMap<>();
    for (SourceTree.Text t : texts) {
      for (SecretMatch m : scanner.scan(t.text())) {
        ours.merge(m.rule().id(), 1, Integer::sum);
      }
    }
    Gitleaks.Run theirs = gitleaks.scan(tree, work.resolve("jdk-report.json"));
    Map<String, Integer> gl = new TreeMap<>();
    theirs.leaks().forEach(l -> gl.merge(l.rule(), 1, Integer::sum));
    System.out.printf(
        "%n## False positives on the JDK 17 sources (%d files, %.1f MB)%n%n",
        texts.size(), SourceTree.bytes(texts) / 1e6);
    System.out.printf(
        "Proctor: %d %s%ngitleaks: %d %s%n",
        ours.values().stream().mapToInt(Integer::intValue).sum(), ours, theirs.leaks().size(), gl);
  }

  // --- throughput ---

  void throughput(Path tree) throws Exception {
    long bytes = SourceTree.bytes(SourceTree.read(tree));
    RunResult result =
        new Runner(
                new OptionsBuilder()
                    .include(ScannerThroughput.class.getName() + ".scanTree")
                    .param("corpus", tree.toString())
                    .forks(1)
                    .warmupIterations(2)
                    .warmupTime(TimeValue.seconds(10))
                    .measurementIterations(5)
                    .measurementTime(TimeValue.seconds(10))
                    .jvmArgs("-Xmx4g", "-XX:ActiveProcessorCount=1")
                    .build())
            .runSingle();
    double oursMbPerSecond = result.getPrimaryResult().getScore() * bytes / 1e6;

    List<Double> wall = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Gitleaks.Run run = gitleaks.scan(tree, work.resolve("throughput-report.json"));
      wall.add(run.wallSeconds());
      cpu.add(run.cpuSeconds());
    }
    double glWall = median(wall);
    double glCpu = median(cpu);
    double glMbPerSecond = bytes / 1e6 / glWall;
    System.out.printf(
        "%n## Throughput per core on %s (%.1f MB)%n%n", tree.getFileName(), bytes / 1e6);
    System.out.println("| scanner | MB/s per core | how measured |");
    System.out.println("|---|---:|---|");
    System.out.printf(
        "| Proctor | %.1f | JMH, 1 thread, %.2f ± %.2f scans/s |%n",
        oursMbPerSecond,
        result.getPrimaryResult().getScore(),
        result.getPrimaryResult().getScoreError());
    System.out.printf(
        "| gitleaks 8.16 | %.1f | GOMAXPROCS=1, median of 3 runs: %.1f s wall, %.1f s CPU (%.1f MB/s"
            + " of CPU) |%n",
        glMbPerSecond, glWall, glCpu, bytes / 1e6 / glCpu);
    System.out.printf(
        "%nProctor / gitleaks: %.2f× (by gitleaks' wall time), %.2f× (by its CPU time)%n",
        oursMbPerSecond / glMbPerSecond, oursMbPerSecond / (bytes / 1e6 / glCpu));
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static String percent(int part, int whole) {
    return whole == 0 ? "—" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
