package dev.proctor.index.cli;

import dev.proctor.format.Transcript;
import dev.proctor.format.Verification;
import dev.proctor.index.BucketSettings;
import dev.proctor.index.ProctorPaths;
import dev.proctor.index.Workspace;
import dev.proctor.index.report.IncidentReport;
import dev.proctor.index.search.SearchHit;
import dev.proctor.index.search.SessionSummary;
import dev.proctor.index.sync.S3RecordingSource;
import dev.proctor.secrets.Fingerprinter;
import dev.proctor.secrets.RuleSet;
import dev.proctor.secrets.SecretScanner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The headless index commands: {@code proctor sync | search <query> | show <sid> | verify <sid>}.
 *
 * <p>Exit codes: 0 success (for {@code verify}: verified), 1 failure (for {@code verify}: broken),
 * 2 usage error, 3 {@code verify} found the session open.
 */
public final class IndexCli {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private final ProctorPaths paths;
  private final PrintStream out;
  private final PrintStream err;

  public IndexCli(ProctorPaths paths, PrintStream out, PrintStream err) {
    this.paths = paths;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    try (var logging = IndexCli.class.getResourceAsStream("logging.properties")) {
      java.util.logging.LogManager.getLogManager().readConfiguration(logging);
    } catch (IOException e) {
      System.err.println("proctor: default logging (" + e.getMessage() + ")");
    }
    System.exit(new IndexCli(ProctorPaths.fromEnvironment(), System.out, System.err).run(args));
  }

  public int run(String... args) {
    if (args.length == 0) {
      return usage();
    }
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    try {
      return switch (args[0]) {
        case "sync" -> sync();
        case "search" ->
            rest.equals(List.of("--exposed"))
                ? exposed(System.in.readAllBytes(), System.getenv())
                : rest.isEmpty() ? usage() : search(String.join(" ", rest));
        case "show" -> rest.size() != 1 ? usage() : show(rest.getFirst());
        case "export" -> export(rest);
        case "verify" -> rest.size() != 1 ? usage() : verify(rest.getFirst());
        default -> usage();
      };
    } catch (IOException e) {
      err.println("proctor " + args[0] + ": " + e.getMessage());
      return 1;
    } catch (IllegalArgumentException e) {
      err.println("proctor " + args[0] + ": " + e.getMessage());
      return 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  private int sync() throws IOException, InterruptedException {
    BucketSettings bucket = BucketSettings.load(paths);
    try (Workspace ws = Workspace.open(paths.indexDir(), bucket.prefix());
        S3RecordingSource source = new S3RecordingSource(bucket)) {
      out.println(ws.sync(source, line -> err.println("  " + line)));
    }
    return 0;
  }

  private int search(String query) throws IOException {
    try (Workspace ws = Workspace.open(paths.indexDir(), "")) {
      List<SearchHit> hits = ws.search(query, 50);
      if (hits.isEmpty()) {
        out.println("no matches for: " + query);
        return 0;
      }
      for (SearchHit hit : hits) {
        SessionSummary s = hit.session();
        out.printf(
            "%s  %s  %-8s %-14s %-9s %s%n",
            s.sid(),
            TIME.format(s.started()),
            s.user(),
            s.connection(),
            hit.role(),
            hit.snippet().replace('\n', ' ').replace("<b>", "[").replace("</b>", "]"));
      }
      return 0;
    }
  }

  /**
   * "Was this key exposed?": reads the candidate from standard input (so it stays out of the
   * shell's history and the process list), and lists every message whose recorded findings carry
   * its fingerprint. The candidate is neither stored nor printed.
   */
  public int exposed(byte[] stdin, Map<String, String> env) throws IOException {
    Optional<Fingerprinter> key = Fingerprinter.fromEnvironment(env);
    if (key.isEmpty()) {
      err.println(
          "proctor search --exposed: set PROCTOR_FINGERPRINT_KEY_FILE to the gateway's"
              + " fingerprint key file (proctor.masking.fingerprint-key-file), so that fingerprints"
              + " compare");
      return 2;
    }
    String candidate = new String(stdin, StandardCharsets.UTF_8);
    if (candidate.isBlank()) {
      err.println("proctor search --exposed: give the key on standard input");
      return 2;
    }
    Set<String> fingerprints =
        new SecretScanner(RuleSet.builtIn(), key.get()).fingerprintsOf(candidate);
    try (Workspace ws = Workspace.open(paths.indexDir(), "")) {
      List<SearchHit> hits = ws.exposures(fingerprints, 200);
      if (hits.isEmpty()) {
        out.println("not found in the synced recordings");
        return 0;
      }
      for (SearchHit hit : hits) {
        SessionSummary s = hit.session();
        out.printf(
            "%s  %s  %-8s %-14s %-9s %s%n",
            s.sid(), TIME.format(s.started()), s.user(), s.connection(), hit.role(), hit.snippet());
      }
      return 0;
    }
  }

  private int show(String sid) throws IOException {
    try (Workspace ws = Workspace.open(paths.indexDir(), "")) {
      Optional<Transcript> transcript = ws.transcript(sid);
      if (transcript.isEmpty()) {
        err.println("proctor show: no session " + sid + " in the local index (run ./proctor sync)");
        return 1;
      }
      Transcript t = transcript.get();
      out.println("session " + t.sid() + "  started " + TIME.format(t.started()) + " UTC");
      t.open()
          .ifPresent(
              o ->
                  out.println(
                      "user "
                          + o.identity().subject()
                          + " "
                          + o.identity().groups()
                          + "  connection "
                          + o.connection()
                          + "  client "
                          + o.client().userAgent()));
      out.println("integrity " + ws.verify(sid).map(Verification::toString).orElse("unknown"));
      for (Transcript.Exchange x : t.exchanges()) {
        out.println();
        out.println(
            "── "
                + TIME.format(x.started())
                + "  "
                + x.request().api().wireName()
                + x.request().model().map(m -> "  model " + m).orElse("")
                + x.end()
                    .map(
                        e ->
                            "  "
                                + e.outcome().wireName()
                                + "  "
                                + Math.round(e.durationMs())
                                + " ms")
                    .orElse(""));
        out.println("user:      " + x.prompt());
        out.println("assistant: " + x.responseText());
      }
      return 0;
    }
  }

  /** {@code export <sid> [--format html|json|md]}: the session's incident report on stdout. */
  private int export(List<String> args) throws IOException {
    if (args.isEmpty()) {
      return usage();
    }
    IncidentReport.Format format = IncidentReport.Format.MD;
    if (args.size() == 3 && args.get(1).equals("--format")) {
      format = IncidentReport.Format.of(args.get(2));
    } else if (args.size() != 1) {
      return usage();
    }
    String sid = args.getFirst();
    try (Workspace ws = Workspace.open(paths.indexDir(), "")) {
      Optional<Transcript> transcript = ws.transcript(sid);
      if (transcript.isEmpty()) {
        err.println(
            "proctor export: no session " + sid + " in the local index (run ./proctor sync)");
        return 1;
      }
      out.print(
          IncidentReport.render(
              transcript.get(),
              ws.verify(sid).orElse(Verification.broken("not verifiable")),
              format));
      return 0;
    }
  }

  private int verify(String sid) throws IOException {
    try (Workspace ws = Workspace.open(paths.indexDir(), "")) {
      Optional<Verification> result = ws.verify(sid);
      if (result.isEmpty()) {
        err.println(
            "proctor verify: no session " + sid + " in the local copy (run ./proctor sync)");
        return 1;
      }
      out.println(sid + " " + result.get());
      return switch (result.get().status()) {
        case VERIFIED -> 0;
        case OPEN -> 3;
        case BROKEN -> 1;
      };
    }
  }

  private int usage() {
    err.println(
        """
        usage: proctor sync                 pull new recordings from S3 and index them
               proctor search <query>       search prompts and responses (Lucene syntax)
               proctor search --exposed     was the key given on standard input ever recorded?
               proctor show <sid>           print a session as a conversation
               proctor verify <sid>         check a session's chain and signed manifest
               proctor export <sid> [--format html|json|md]
                                            an incident report: integrity, findings, conversation""");
    return 2;
  }
}
