package dev.proctor.index.cli;

import dev.proctor.format.Annotation;
import dev.proctor.format.FormatException;
import dev.proctor.format.Json;
import dev.proctor.format.Transcript;
import dev.proctor.format.Ulid;
import dev.proctor.format.Verification;
import dev.proctor.index.BucketSettings;
import dev.proctor.index.ProctorPaths;
import dev.proctor.index.Workspace;
import dev.proctor.index.conversation.Conversation;
import dev.proctor.index.conversation.Message;
import dev.proctor.index.report.IncidentReport;
import dev.proctor.index.search.SearchHit;
import dev.proctor.index.search.SearchResult;
import dev.proctor.index.search.SessionIndex;
import dev.proctor.index.search.SessionSummary;
import dev.proctor.index.search.Snippet;
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
 * The headless index commands: {@code proctor sync | search | show | verify | export | annotate}.
 *
 * <p>Exit codes: 0 success (for {@code verify}: verified), 1 failure (for {@code verify}: broken),
 * 2 usage error, 3 {@code verify} found the session open.
 */
public final class IndexCli {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private static final String STATUSES = "open, confirmed-leak, false-positive or rotated";

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
        case "sync" -> sync(rest);
        case "search" ->
            rest.equals(List.of("--exposed"))
                ? exposed(System.in.readAllBytes(), System.getenv())
                : rest.isEmpty() ? usage() : search(SearchArgs.parse(rest));
        case "annotate" -> annotate(rest);
        case "show" -> rest.size() != 1 ? usage() : show(sessionId(rest.getFirst()));
        case "export" -> export(rest);
        case "verify" -> rest.size() != 1 ? usage() : verify(sessionId(rest.getFirst()));
        default -> usage();
      };
    } catch (IOException e) {
      err.println("proctor " + args[0] + ": " + e.getMessage());
      return 1;
    } catch (IllegalArgumentException e) {
      err.println("proctor " + args[0] + ": " + e.getMessage());
      return 2;
    } catch (FormatException e) {
      err.println("proctor " + args[0] + ": the local copy does not read: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  private int sync(List<String> args) throws IOException, InterruptedException {
    if (!args.isEmpty() && !args.equals(List.of("--full"))) {
      return usage();
    }
    BucketSettings bucket = BucketSettings.load(paths);
    try (Workspace ws = open(Optional.of(bucket));
        S3RecordingSource source = new S3RecordingSource(bucket)) {
      out.println(ws.sync(source, !args.isEmpty(), new ProgressBar(err, System.console() != null)));
    }
    return 0;
  }

  /** A snippet on one line, each hit in brackets, the text as the message held it. */
  static String terminalText(String snippet) {
    return Snippet.unescape(snippet.replace('\n', ' ').replace("<b>", "[").replace("</b>", "]"));
  }

  private int search(SearchArgs args) throws IOException, InterruptedException {
    try (Workspace ws = openForReading()) {
      SearchResult result = ws.search(args.query());
      if (args.json()) {
        Json.mapper()
            .writerWithDefaultPrettyPrinter()
            .writeValue(out, SearchJson.of(args.query(), result));
        out.println();
        return 0;
      }
      if (result.hits().isEmpty()) {
        out.println("no matches for: " + args.query().text());
        return 0;
      }
      for (SearchHit hit : result.hits()) {
        SessionSummary s = hit.session();
        out.printf(
            "%s  %s  %-8s %-14s %-11s %s%s%n",
            s.sid(),
            TIME.format(hit.time()),
            s.user(),
            s.connection(),
            hit.role(),
            terminalText(hit.snippet()),
            hit.findingRules().isEmpty() ? "" : "  ⚑ " + String.join(",", hit.findingRules()));
      }
      out.printf("%n%,d matching message%s", result.total(), result.total() == 1 ? "" : "s");
      out.println(
          result.total() > result.hits().size() ? " (first " + result.hits().size() + ")" : "");
      result
          .facets()
          .forEach(
              (facet, counts) -> {
                if (!counts.isEmpty()) {
                  out.printf(
                      "  %-13s %s%n",
                      facet.field(),
                      String.join(
                          ", ",
                          counts.stream().map(c -> c.value() + " (" + c.count() + ")").toList()));
                }
              });
      return 0;
    }
  }

  /**
   * {@code annotate <sid> --status S [--xid X] [--kind K] [--note TEXT] [--id ID]}: flags a session
   * or one exchange; with {@code --id}, updates that annotation. Pushed on the next sync.
   */
  private int annotate(List<String> args) throws IOException, InterruptedException {
    if (args.isEmpty() || args.getFirst().startsWith("--")) {
      return usage();
    }
    String sid = sessionId(args.getFirst());
    java.util.Map<String, String> options = new java.util.HashMap<>();
    for (int i = 1; i < args.size(); i += 2) {
      if (i + 1 >= args.size() || !args.get(i).startsWith("--")) {
        return usage();
      }
      options.put(args.get(i).substring(2), args.get(i + 1));
    }
    if (!options.containsKey("status")) {
      throw new IllegalArgumentException("--status is required (" + STATUSES + ")");
    }
    Annotation.Status status;
    try {
      status = Annotation.Status.of(options.get("status"));
    } catch (FormatException e) {
      throw new IllegalArgumentException(
          "--status " + options.get("status") + " (expected " + STATUSES + ")");
    }
    String author = author(System.getenv());
    try (Workspace ws = openForWriting()) {
      if (ws.transcript(sid).isEmpty()) {
        err.println(
            "proctor annotate: no session " + sid + " in the local copy (run ./proctor sync)");
        return 1;
      }
      Annotation annotation;
      if (options.containsKey("id")) {
        Annotation current =
            ws.annotations(sid).stream()
                .filter(a -> a.id().equals(options.get("id")))
                .findFirst()
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "no annotation " + options.get("id") + " on " + sid));
        annotation =
            current.update(
                status,
                options.getOrDefault("note", current.note()),
                author,
                java.time.Instant.now());
      } else {
        annotation =
            Workspace.newAnnotation(
                sid,
                Optional.ofNullable(options.get("xid")),
                options.getOrDefault("kind", "secret"),
                status,
                options.getOrDefault("note", ""),
                author);
      }
      ws.annotate(annotation);
      out.println(
          annotation.id()
              + " "
              + annotation.status().wireName()
              + " (pushed by the next ./proctor sync)");
      return 0;
    }
  }

  /** Who annotates: {@code PROCTOR_USER}, else the login name. */
  static String author(java.util.Map<String, String> env) {
    String user = env.getOrDefault("PROCTOR_USER", "");
    return user.isBlank() ? System.getProperty("user.name", "unknown") : user;
  }

  /**
   * The workspace for a command that only reads it. When another process (the workstation, a sync)
   * has it open for writing, it is read as that process last committed it.
   */
  private Workspace openForReading() throws IOException, InterruptedException {
    try {
      return openForWriting();
    } catch (SessionIndex.IndexInUseException e) {
      return Workspace.openReadOnly(
          paths.indexDir(), Workspace.Options.of(BucketSettings.ifAny(paths), System.getenv()));
    }
  }

  /** The workspace with the bucket's settings when they can be read, for local commands. */
  private Workspace openForWriting() throws IOException, InterruptedException {
    return open(BucketSettings.ifAny(paths));
  }

  private Workspace open(Optional<BucketSettings> bucket) throws IOException, InterruptedException {
    Workspace ws = Workspace.open(paths.indexDir(), Workspace.Options.of(bucket, System.getenv()));
    if (ws.needsRebuild()) {
      err.println("proctor: the index was built with other rules or schema; rebuilding it");
      ws.rebuild(new ProgressBar(err, System.console() != null));
    }
    return ws;
  }

  /**
   * "Was this key exposed?": reads the candidate from standard input (so it stays out of the
   * shell's history and the process list), and lists every message whose recorded findings carry
   * its fingerprint. The candidate is neither stored nor printed.
   */
  public int exposed(byte[] stdin, Map<String, String> env)
      throws IOException, InterruptedException {
    // as the workstation finds it: the variable, else index.json's or the dev stack's key file
    Optional<Fingerprinter> key =
        Workspace.Options.of(BucketSettings.ifAny(paths), env).fingerprinter();
    if (key.isEmpty()) {
      err.println(
          "proctor search --exposed: set PROCTOR_FINGERPRINT_KEY_FILE (or fingerprint_key_file in"
              + " index.json) to the gateway's fingerprint key file"
              + " (proctor.masking.fingerprint-key-file), so that fingerprints compare");
      return 2;
    }
    String candidate = new String(stdin, StandardCharsets.UTF_8);
    if (candidate.isBlank()) {
      err.println("proctor search --exposed: give the key on standard input");
      return 2;
    }
    Set<String> fingerprints =
        new SecretScanner(RuleSet.builtIn(), key.get()).fingerprintsOf(candidate);
    try (Workspace ws = openForReading()) {
      List<SearchHit> hits = ws.exposures(fingerprints, 200);
      if (hits.isEmpty()) {
        out.println("not found in the synced recordings");
        return 0;
      }
      for (SearchHit hit : hits) {
        SessionSummary s = hit.session();
        out.printf(
            "%s  %s  %-8s %-14s %-9s %s%n",
            s.sid(),
            TIME.format(hit.time()),
            s.user(),
            s.connection(),
            hit.role(),
            "finding " + String.join(", ", hit.findingRules()));
      }
      return 0;
    }
  }

  private int show(String sid) throws IOException, InterruptedException {
    try (Workspace ws = openForReading()) {
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
      Conversation.Reader conversation = new Conversation.Reader();
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
        for (Message m : conversation.read(x)) {
          String who = m.role().wireName() + (m.tool().isEmpty() ? "" : " " + m.tool());
          out.println(String.format("%-11s", who + ":") + m.text());
        }
      }
      for (Annotation a : ws.annotations(sid)) {
        out.println();
        out.println(
            "⚑ "
                + a.status().wireName()
                + " "
                + a.kind()
                + a.xid().map(x -> " on " + x).orElse("")
                + " by "
                + a.updatedBy()
                + " "
                + TIME.format(a.updatedAt())
                + (a.note().isEmpty() ? "" : ": " + a.note()));
      }
      return 0;
    }
  }

  /** {@code export <sid> [--format html|json|md]}: the session's incident report on stdout. */
  private int export(List<String> args) throws IOException, InterruptedException {
    if (args.isEmpty()) {
      return usage();
    }
    IncidentReport.Format format = IncidentReport.Format.MD;
    if (args.size() == 3 && args.get(1).equals("--format")) {
      format = IncidentReport.Format.of(args.get(2));
    } else if (args.size() != 1) {
      return usage();
    }
    String sid = sessionId(args.getFirst());
    try (Workspace ws = openForReading()) {
      Optional<String> report = ws.report(sid, format.name().toLowerCase(java.util.Locale.ROOT));
      if (report.isEmpty()) {
        err.println(
            "proctor export: no session " + sid + " in the local index (run ./proctor sync)");
        return 1;
      }
      out.print(report.get());
      return 0;
    }
  }

  /** A session id as the user typed it, checked before any file is opened. */
  private static String sessionId(String arg) {
    try {
      Ulid.instant(arg);
      return arg;
    } catch (FormatException e) {
      throw new IllegalArgumentException(
          "'"
              + arg
              + "' is not a session id: expected 26 characters, as the first column of ./proctor"
              + " search shows them");
    }
  }

  private int verify(String sid) throws IOException, InterruptedException {
    try (Workspace ws = openForReading()) {
      Optional<Verification> result = ws.verify(sid);
      if (result.isEmpty()) {
        err.println(
            "proctor verify: no session " + sid + " in the local copy (run ./proctor sync)");
        return 1;
      }
      out.println(sid + " " + result.get());
      if (result.get().status() == Verification.Status.OPEN) {
        err.println(
            "proctor verify: the session has not closed yet; the gateway signs its manifest when"
                + " it closes after an idle while. Sync again later.");
      }
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
        usage: proctor sync [--full]        pull new recordings from S3 and index them
               proctor search [--json] [--newest] [--limit N] [--from T] [--to T]
                              [--facet name=value]... <query>
                                            search messages (syntax: docs/search.md)
               proctor search --exposed     was the key given on standard input ever recorded?
               proctor show <sid>           print a session as a conversation
               proctor verify <sid>         check a session's chain and signed manifest
               proctor export <sid> [--format html|json|md]
                                            an incident report: integrity, findings, conversation
               proctor annotate <sid> --status open|confirmed-leak|false-positive|rotated
                              [--xid X] [--kind K] [--note TEXT] [--id ANNOTATION]
                                            flag a session; pushed by the next sync""");
    return 2;
  }
}
