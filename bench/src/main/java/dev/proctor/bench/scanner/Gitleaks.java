package dev.proctor.bench.scanner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proctor.format.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The gitleaks binary, run on a directory with its default rules, one core. */
record Gitleaks(Path binary) {

  /** One finding of gitleaks: the file, its rule and the secret it reported. */
  record Leak(Path file, String rule, String secret) {}

  /** Its findings and the time it took. */
  record Run(List<Leak> leaks, double wallSeconds, double cpuSeconds) {}

  /** Scans {@code dir} (not as a git repository) on one core and reads the JSON report. */
  Run scan(Path dir, Path report) throws IOException, InterruptedException {
    Files.deleteIfExists(report);
    String script =
        "TIMEFORMAT='%R %U %S'; time GOMAXPROCS=1 '"
            + binary
            + "' detect --no-git --no-banner --exit-code 0 -l error -f json -r '"
            + report
            + "' -s '"
            + dir
            + "' >/dev/null";
    Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (p.waitFor() != 0 || !Files.exists(report)) {
      throw new IOException("gitleaks failed: " + out);
    }
    String[] times = out.substring(out.lastIndexOf('\n') + 1).split(" ");
    double wall = Double.parseDouble(times[0]);
    double cpu = Double.parseDouble(times[1]) + Double.parseDouble(times[2]);
    List<Leak> leaks = new ArrayList<>();
    for (JsonNode finding : Json.mapper().readTree(report.toFile())) {
      leaks.add(
          new Leak(
              Path.of(finding.path("File").asText()).toAbsolutePath().normalize(),
              finding.path("RuleID").asText(),
              finding.path("Secret").asText()));
    }
    return new Run(leaks, wall, cpu);
  }
}
