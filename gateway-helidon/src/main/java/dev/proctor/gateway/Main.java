package dev.proctor.gateway;

import dev.proctor.gateway.identity.TrustedIssuer;
import dev.proctor.gateway.observability.ConsoleLog;
import dev.proctor.gateway.policy.Glob;
import dev.proctor.gateway.policy.Policy;
import dev.proctor.gateway.policy.PolicyException;
import dev.proctor.gateway.policy.PolicyParser;
import dev.proctor.gateway.policy.PolicyRule;
import dev.proctor.gateway.proxy.Connection;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ProxySelector;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code ./proctor gateway --config FILE}: runs the production gateway until stopped. {@code
 * ./proctor gateway --check-config FILE} checks a gateway config (and the policy file it names) or
 * a policy file, and starts nothing.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("--check-config")) {
      System.exit(checkConfig(Path.of(args[1]), System.out, System.err));
    }
    if (args.length != 2 || !args[0].equals("--config")) {
      System.err.println("usage: proctor gateway --config FILE | --check-config FILE");
      System.exit(2);
    }
    Path file = Path.of(args[1]);
    GatewayConfig settings;
    try {
      settings = read(file);
    } catch (InvalidConfigException e) {
      e.problems().forEach(problem -> System.err.println(file + ": " + problem));
      System.exit(1);
      return;
    }
    ConsoleLog.install();
    limitCarrierThreads();
    // the JDK's own clients (token exchange, OIDC discovery, webhook) take the same way out
    settings.upstreamProxy().ifPresent(proxy -> ProxySelector.setDefault(proxy.selector()));
    Gateway gateway;
    try {
      gateway = Gateway.start(settings);
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("proctor gateway: cannot start: " + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    gateway.close();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }));
    System.out.println(
        "proctor gateway listening on port "
            + gateway.port()
            + ", admin on "
            + gateway.adminPort());
  }

  static final String CARRIERS = "jdk.virtualThreadScheduler.parallelism";

  /**
   * One carrier thread for virtual threads per two processors, unless {@code -D}{@value CARRIERS}
   * says otherwise. On the 2-core machine the benchmark runs on, one carrier instead of two cut the
   * gateway's CPU per call by a third: waking an idle carrier on the other core for each hand-off
   * cost more than the second carrier gave, and the other core still runs the collector, the
   * compiler, the pollers and the uploads (docs/performance.md). Must run before the first virtual
   * thread starts, which fixes the scheduler.
   */
  static void limitCarrierThreads() {
    if (System.getProperty(CARRIERS) == null) {
      int carriers = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
      System.setProperty(CARRIERS, Integer.toString(carriers));
    }
  }

  /**
   * The gateway config in {@code file}.
   *
   * @throws InvalidConfigException naming what is wrong with it, or that it cannot be read
   */
  static GatewayConfig read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new InvalidConfigException(
          List.of(Files.exists(file) ? "not a regular file" : "no such file"));
    }
    return GatewayConfig.from(Config.just(ConfigSources.file(file)));
  }

  /**
   * Checks {@code file}: a policy file when it has a top-level {@code rules:} list, else a gateway
   * config, whose policy file is checked too.
   *
   * @return the exit status: 0 when it can be used, 1 when not
   */
  static int checkConfig(Path file, PrintStream out, PrintStream err) {
    try {
      String text = Files.readString(file);
      if (Pattern.compile("(?m)^rules:").matcher(text).find()) {
        Policy policy = PolicyParser.parse(text, file.toString());
        out.println(file + ": a valid policy with " + count(policy.rules().size(), "rule"));
        return 0;
      }
      GatewayConfig config = read(file);
      out.println(
          file
              + ": a valid gateway config with "
              + count(config.connections().size(), "connection")
              + " and "
              + count(config.issuers().size(), "issuer"));
      config
          .upstreamProxy()
          .ifPresent(
              proxy ->
                  out.println(
                      "HTTPS upstreams through the proxy "
                          + proxy
                          + (proxy.bypass().isEmpty()
                              ? ""
                              : ", except " + String.join(", ", proxy.bypass()))));
      warnOfUnreadableCredentials(config, out);
      if (config.policy().file().isPresent()) {
        Path policyFile = config.policy().file().get();
        Policy policy;
        try {
          policy = PolicyParser.read(policyFile);
        } catch (IOException e) {
          err.println(policyFile + " (proctor.policy.file): " + unreadable(e));
          return 1;
        }
        out.println(policyFile + ": a valid policy with " + count(policy.rules().size(), "rule"));
        warnOfRulesThatNeverApply(policyFile, policy, config, out);
      } else {
        out.println("no policy file (proctor.policy.file): every authenticated call is allowed");
      }
      return 0;
    } catch (InvalidConfigException e) {
      e.problems().forEach(problem -> err.println(file + ": " + problem));
    } catch (PolicyException e) {
      e.problems().forEach(err::println);
    } catch (IOException e) {
      err.println(file + ": " + unreadable(e));
    } catch (RuntimeException e) {
      err.println(file + ": " + e.getMessage());
    }
    return 1;
  }

  /**
   * A warning for each connection whose credential cannot be read here: not a refusal, since the
   * gateway reads credentials on every call and one that appears later works without a restart.
   */
  private static void warnOfUnreadableCredentials(GatewayConfig config, PrintStream out) {
    for (Connection connection : config.connections()) {
      try {
        connection.credential().checkReadable();
      } catch (RuntimeException e) {
        out.println(
            "warning: connection "
                + connection.name()
                + ": its credential ("
                + connection.credential()
                + ") is unavailable here: "
                + e.getMessage()
                + "; every call through it fails until it is");
      }
    }
  }

  /**
   * A warning for each rule whose {@code connection} or {@code issuer} globs match none of this
   * gateway's connections or issuers: such a rule never applies (most often a typo), and the calls
   * it was written for fall through to the rules below it.
   */
  private static void warnOfRulesThatNeverApply(
      Path policyFile, Policy policy, GatewayConfig config, PrintStream out) {
    List<String> connections = config.connections().stream().map(Connection::name).toList();
    List<String> issuers = config.issuers().stream().map(TrustedIssuer::issuer).toList();
    for (PolicyRule rule : policy.rules()) {
      String where = "warning: " + policyFile + ":" + rule.line() + ": rule '" + rule.name() + "'";
      matchesNone(rule.match().connections(), connections)
          .ifPresent(
              globs ->
                  out.println(
                      where
                          + " never applies: its connection "
                          + globs
                          + " matches none of this gateway's connections ("
                          + String.join(", ", connections)
                          + ")"));
      matchesNone(rule.match().issuers(), issuers)
          .ifPresent(
              globs ->
                  out.println(
                      where
                          + " never applies: its issuer "
                          + globs
                          + " matches none of this gateway's issuers ("
                          + String.join(", ", issuers)
                          + ")"));
    }
  }

  /** The globs, when there are some and none matches any of {@code names}. */
  private static Optional<String> matchesNone(List<Glob> globs, List<String> names) {
    if (globs.isEmpty()
        || names.stream().anyMatch(n -> globs.stream().anyMatch(g -> g.matches(n)))) {
      return Optional.empty();
    }
    return Optional.of(
        globs.stream().map(Glob::pattern).collect(Collectors.joining(", ", "[", "]")));
  }

  private static String count(int n, String thing) {
    return n + " " + thing + (n == 1 ? "" : "s");
  }

  private static String unreadable(IOException e) {
    return e instanceof NoSuchFileException ? "no such file" : "cannot be read: " + e.getMessage();
  }
}
