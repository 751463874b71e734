package dev.proctor.review;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proctor.format.Annotation;
import dev.proctor.format.Json;
import dev.proctor.format.Transcript;
import dev.proctor.index.BucketSettings;
import dev.proctor.index.ProctorPaths;
import dev.proctor.index.StackInfo;
import dev.proctor.index.Workspace;
import dev.proctor.index.search.Facet;
import dev.proctor.index.search.FindingRecord;
import dev.proctor.index.search.SearchHit;
import dev.proctor.index.search.SearchQuery;
import dev.proctor.index.search.SearchResult;
import dev.proctor.index.search.SessionIndex;
import dev.proctor.index.search.SessionSummary;
import dev.proctor.index.sync.S3RecordingSource;
import dev.proctor.index.sync.SyncReport;
import dev.proctor.review.charts.Activity;
import dev.proctor.review.findings.Exposure;
import dev.proctor.review.findings.FindingRow;
import dev.proctor.review.findings.FindingsSource;
import dev.proctor.review.replay.ReplaySource;
import dev.proctor.review.sessions.SessionSource;
import dev.proctor.review.settings.Endpoints;
import dev.proctor.review.settings.SettingsStore;
import dev.proctor.secrets.Fingerprinter;
import dev.proctor.secrets.RuleSet;
import dev.proctor.secrets.SecretScanner;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Adapts the index workspace, the bucket and the settings files to what the screens' view models
 * read and write. The composition root ({@link Workstation}) hands these out; views never see them.
 */
final class AppServices implements AutoCloseable {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private final ProctorPaths paths;
  private volatile java.util.concurrent.CompletableFuture<Workspace> workspace =
      new java.util.concurrent.CompletableFuture<>();

  private static final java.util.concurrent.atomic.AtomicReference<AppServices> EARLY =
      new java.util.concurrent.atomic.AtomicReference<>();

  /**
   * Starts opening the index before the JavaFX toolkit starts ({@link AppMain}), so both happen at
   * once; the workstation then takes this instance.
   */
  static void openEarly(ProctorPaths paths) {
    EARLY.set(new AppServices(paths));
  }

  /** The services opened early for these paths, or new ones. */
  static AppServices forPaths(ProctorPaths paths) {
    AppServices early = EARLY.getAndSet(null);
    return early != null && early.paths.equals(paths) ? early : new AppServices(paths);
  }

  /** Starts opening the index (and the secret rules) in the background; nothing waits for it. */
  private AppServices(ProctorPaths paths) {
    this.paths = paths;
    Thread.ofVirtual().name("proctor-open-index").start(() -> open(workspace));
  }

  private void open(java.util.concurrent.CompletableFuture<Workspace> into) {
    try {
      into.complete(
          Workspace.open(
              paths.indexDir(),
              Workspace.Options.of(BucketSettings.ifAny(paths), System.getenv())));
    } catch (IOException | RuntimeException e) {
      into.completeExceptionally(e);
    }
  }

  /**
   * The index, once open; waits for it (call off the FX thread). When another process held it (a
   * sync from the command line), each call tries again, so the workstation recovers once that
   * process ends.
   */
  Workspace workspace() throws IOException {
    java.util.concurrent.CompletableFuture<Workspace> failed = workspace;
    if (failed.isCompletedExceptionally()
        && failed.exceptionNow() instanceof SessionIndex.IndexInUseException) {
      synchronized (this) {
        if (workspace == failed) {
          java.util.concurrent.CompletableFuture<Workspace> retry =
              new java.util.concurrent.CompletableFuture<>();
          open(retry);
          workspace = retry;
        }
      }
    }
    try {
      return workspace.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof IOException io
          ? io
          : new IOException("cannot open the index: " + e.getCause().getMessage(), e.getCause());
    }
  }

  SessionSource sessions() {
    return new SessionSource() {
      @Override
      public List<SessionSummary> sessions(SearchQuery query) throws IOException {
        return workspace().sessions(query);
      }

      @Override
      public SearchResult search(SearchQuery query) throws IOException {
        return workspace().search(query);
      }

      @Override
      public Map<Facet, List<SearchResult.FacetCount>> sessionFacets(SearchQuery query)
          throws IOException {
        return workspace().sessionFacets(query);
      }
    };
  }

  ReplaySource replay() {
    return new ReplaySource() {
      @Override
      public Optional<Recorded> open(String sid) throws IOException {
        return workspace()
            .recorded(sid)
            .map(r -> new Recorded(r.transcript(), r.integrity(), r.annotations(), r.rawEvents()));
      }

      @Override
      public Optional<Transcript> head(String sid) throws IOException {
        return workspace().head(sid);
      }

      @Override
      public String report(String sid, String format) throws IOException {
        return workspace()
            .report(sid, format)
            .orElseThrow(() -> new IOException("session " + sid + " is not in the local copy"));
      }
    };
  }

  FindingsSource findings() {
    return new FindingsSource() {
      @Override
      public List<FindingRow> findings(int limit) throws IOException {
        return workspace().findings(limit).stream().map(AppServices::row).toList();
      }

      @Override
      public void triage(FindingRow f, String status, String note, String author)
          throws IOException, InterruptedException {
        Annotation.Status next = Annotation.Status.of(status);
        Optional<Annotation> current =
            workspace().annotations(f.sid()).stream()
                .filter(a -> a.xid().equals(Optional.of(f.xid())))
                .filter(a -> a.kind().equals(FindingRecord.TRIAGE_KIND))
                .max(Annotation.LATEST_WINS);
        workspace()
            .annotate(
                current.isPresent()
                    ? current
                        .get()
                        .update(
                            next,
                            note.isEmpty() ? current.get().note() : note,
                            author,
                            java.time.Instant.now())
                    : Workspace.newAnnotation(
                        f.sid(),
                        Optional.of(f.xid()),
                        FindingRecord.TRIAGE_KIND,
                        next,
                        note,
                        author));
      }

      @Override
      public List<Exposure> exposures(char[] candidate) throws IOException {
        List<Exposure> found = new ArrayList<>();
        for (SearchHit hit : workspace().exposuresOf(candidate, 200)) {
          found.add(
              new Exposure(
                  hit.session().sid(),
                  TIME.format(hit.time())
                      + "  "
                      + hit.session().user()
                      + " · "
                      + hit.session().connection()
                      + "\n"
                      + hit.role()
                      + " · "
                      + hit.session().sid()));
        }
        return found;
      }
    };
  }

  private static FindingRow row(FindingRecord f) {
    return new FindingRow(
        f.sid(),
        f.xid(),
        f.time(),
        f.user(),
        f.rule(),
        f.direction(),
        f.handling(),
        f.source(),
        f.status().map(Annotation.Status::wireName).orElse("untriaged"));
  }

  Activity activity() throws IOException {
    List<SessionSummary> sessions = workspace().sessions(SearchQuery.of("").limited(100_000));
    Map<LocalDate, Map<String, Long>> byDay = new TreeMap<>();
    for (SessionSummary s : sessions) {
      byDay
          .computeIfAbsent(LocalDate.ofInstant(s.started(), ZoneOffset.UTC), d -> new TreeMap<>())
          .merge(s.user().isEmpty() ? "(unknown)" : s.user(), 1L, Long::sum);
    }
    Map<String, Long> byConnection =
        sessions.stream()
            .collect(
                Collectors.groupingBy(
                    SessionSummary::connection, TreeMap::new, Collectors.counting()));
    Map<String, Long> byRule =
        workspace().findings(100_000).stream()
            .collect(
                Collectors.groupingBy(FindingRecord::rule, TreeMap::new, Collectors.counting()));
    return new Activity(byDay, byConnection, byRule);
  }

  /** Syncs from the configured bucket. */
  SyncReport sync(Consumer<dev.proctor.index.sync.SyncProgress> progress)
      throws IOException, InterruptedException {
    try (S3RecordingSource source = new S3RecordingSource(BucketSettings.load(paths))) {
      return workspace().sync(source, false, progress);
    }
  }

  SettingsStore settings() {
    return new SettingsStore() {
      @Override
      public Endpoints load() throws IOException {
        Optional<StackInfo> stack = StackInfo.read(paths.devStackFile());
        Endpoints defaults =
            new Endpoints(
                stack.map(s -> s.s3().endpoint()).orElse(""),
                stack.map(s -> s.s3().region()).orElse("us-east-1"),
                stack.map(s -> s.s3().bucket()).orElse(""),
                stack.map(s -> s.s3().prefix() == null ? "" : s.s3().prefix()).orElse(""),
                "",
                stack.map(s -> s.gateway().adminUrl()).orElse(""),
                stack.map(s -> s.idp().issuer()).orElse(""),
                stack
                    .map(s -> s.idp().clientId())
                    .filter(c -> c != null)
                    .orElse("proctor-workstation"));
        var index = Json.mapper().createObjectNode();
        Path indexFile = paths.config().resolve("index.json");
        if (Files.exists(indexFile)) {
          index =
              (com.fasterxml.jackson.databind.node.ObjectNode)
                  Json.mapper().readTree(indexFile.toFile());
        }
        var app = Json.mapper().createObjectNode();
        Path appFile = paths.config().resolve("workstation.json");
        if (Files.exists(appFile)) {
          app =
              (com.fasterxml.jackson.databind.node.ObjectNode)
                  Json.mapper().readTree(appFile.toFile());
        }
        return new Endpoints(
            index.path("endpoint").asText(defaults.s3Endpoint()),
            index.path("region").asText(defaults.region()),
            index.path("bucket").asText(defaults.bucket()),
            index.path("prefix").asText(defaults.prefix()),
            index.path("profile").asText(""),
            app.path("gateway_admin_url").asText(defaults.gatewayAdminUrl()),
            app.path("issuer").asText(defaults.issuer()),
            app.path("client_id").asText(defaults.clientId()));
      }

      @Override
      public void save(Endpoints e) throws IOException {
        Files.createDirectories(paths.config());
        Path indexFile = paths.config().resolve("index.json");
        var index =
            Files.exists(indexFile)
                ? (com.fasterxml.jackson.databind.node.ObjectNode)
                    Json.mapper().readTree(indexFile.toFile())
                : Json.mapper().createObjectNode();
        if (!Files.exists(indexFile)) {
          // the dev stack's keys, so a sync still works once index.json takes over
          StackInfo.read(paths.devStackFile())
              .ifPresent(
                  s -> {
                    index.put("access_key", s.s3().accessKey());
                    index.put("secret_key", s.s3().secretKey());
                    if (s.fingerprintKeyFile() != null) {
                      index.put("fingerprint_key_file", s.fingerprintKeyFile());
                    }
                  });
        }
        put(index, "endpoint", e.s3Endpoint());
        index.put("region", e.region());
        index.put("bucket", e.bucket());
        index.put("prefix", e.prefix());
        put(index, "profile", e.profile());
        Json.mapper().writerWithDefaultPrettyPrinter().writeValue(indexFile.toFile(), index);
        var app =
            Json.mapper()
                .createObjectNode()
                .put("gateway_admin_url", e.gatewayAdminUrl())
                .put("issuer", e.issuer())
                .put("client_id", e.clientId());
        Json.mapper()
            .writerWithDefaultPrettyPrinter()
            .writeValue(paths.config().resolve("workstation.json").toFile(), app);
      }

      @Override
      public List<String> test(Endpoints e) throws InterruptedException {
        List<String> lines = new ArrayList<>();
        try {
          BucketSettings current = BucketSettings.load(paths);
          BucketSettings tried =
              new BucketSettings(
                  e.s3Endpoint().isBlank()
                      ? Optional.empty()
                      : Optional.of(URI.create(e.s3Endpoint())),
                  e.region(),
                  e.bucket(),
                  e.prefix(),
                  current.accessKey(),
                  current.secretKey(),
                  e.profile().isBlank() ? Optional.empty() : Optional.of(e.profile()),
                  Optional.empty(),
                  1,
                  Optional.empty());
          try (S3RecordingSource s3 = new S3RecordingSource(tried)) {
            lines.add(
                "S3 "
                    + e.bucket()
                    + ": ok ("
                    + s3.folders(e.prefix() + "v1/").size()
                    + " folders under v1/)");
          }
        } catch (IOException | RuntimeException x) {
          lines.add("S3 " + e.bucket() + ": failed — " + x.getMessage());
        }
        lines.add(
            get("Gateway admin API", e.gatewayAdminUrl().replaceAll("/+$", "") + "/admin/v1/keys"));
        lines.add(
            get(
                "Identity provider",
                e.issuer().replaceAll("/+$", "") + "/.well-known/openid-configuration"));
        return lines;
      }
    };
  }

  private static void put(
      com.fasterxml.jackson.databind.node.ObjectNode node, String field, String value) {
    if (value.isBlank()) {
      node.remove(field);
    } else {
      node.put(field, value);
    }
  }

  /**
   * One line on whether {@code url} answers 200: {@code <what>: ok (<url>)}, or why not, with the
   * message of an answer in the {@code {"error": {"message": ...}}} shape the gateway and most APIs
   * use (the gateway's proxy port, asked for the admin API, says which port that is).
   */
  static String get(String what, String url) throws InterruptedException {
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()) {
      HttpResponse<InputStream> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofInputStream());
      byte[] body;
      try (InputStream in = r.body()) {
        body = in.readNBytes(16 * 1024);
      }
      return r.statusCode() == 200
          ? what + ": ok (" + url + ")"
          : what
              + ": failed — HTTP "
              + r.statusCode()
              + " from "
              + url
              + errorMessage(body).map(m -> ": " + m).orElse("");
    } catch (IOException | IllegalArgumentException e) {
      return what + ": failed — " + url + " did not answer (" + e.getClass().getSimpleName() + ")";
    }
  }

  private static Optional<String> errorMessage(byte[] body) {
    try {
      JsonNode root = Json.mapper().readTree(body);
      JsonNode message = root == null ? null : root.at("/error/message");
      return message != null && message.isTextual() && !message.asText().isBlank()
          ? Optional.of(message.asText().strip())
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // not JSON: the status says enough
    }
  }

  private final java.util.concurrent.FutureTask<SecretScanner> scanner =
      new java.util.concurrent.FutureTask<>(
          () -> {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key); // fingerprints are not shown in the replay
            return new SecretScanner(RuleSet.builtIn(), new Fingerprinter(key));
          });

  /**
   * Prepares in the background what the first list does not need but the next steps do: the secret
   * rules (for replays) and the sync state (for replays and syncs).
   */
  void warmUp() {
    Thread.ofVirtual().name("proctor-rules").start(scanner);
    workspace.thenAccept(Workspace::warmUp);
  }

  /**
   * The shared scanner with the built-in rules, to mark secrets the gateway let through; compiled
   * when first needed or by {@link #warmUp} (call off the FX thread).
   */
  SecretScanner scanner() {
    scanner.run(); // compiles here unless compiled or being compiled already
    try {
      return scanner.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while compiling the secret rules", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("cannot compile the secret rules", e.getCause());
    }
  }

  /** The gateway admin URL, issuer and client id the workstation signs in and decides with. */
  Endpoints endpoints() {
    try {
      return settings().load();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    workspace().close();
  }
}
