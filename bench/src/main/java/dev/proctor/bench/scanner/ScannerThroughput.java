package dev.proctor.bench.scanner;

import dev.proctor.secrets.Fingerprinter;
import dev.proctor.secrets.RuleSet;
import dev.proctor.secrets.SecretScanner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The scanner on one core: each operation scans every file of a source tree (read into memory
 * once). Bytes per second is the tree's size times operations per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ScannerThroughput {
  @Param("")
  public String corpus;

  private List<SourceTree.Text> texts;
  private SecretScanner scanner;

  @Setup
  public void load() throws IOException {
    texts = SourceTree.read(Path.of(corpus));
    scanner =
        new SecretScanner(
            RuleSet.builtIn(),
            new Fingerprinter(
                "benchmark-fingerprint-key-0123456789".getBytes(StandardCharsets.UTF_8)));
  }

  @Benchmark
  public int scanTree() {
    int found = 0;
    for (SourceTree.Text t : texts) {
      found += scanner.scan(t.text()).size();
    }
    return found;
  }
}
