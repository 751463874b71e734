package dev.proctor.secrets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ordered set of rules with its keyword prefilter compiled. Earlier rules win when two find the
 * same span, so specific rules come before generic ones.
 */
public final class RuleSet {
  private static final String BUILT_IN_RESOURCE = "builtin-rules.toml";

  private final List<Rule> rules;
  private final KeywordAutomaton automaton;
  private final int[][] rulesByKeyword;
  private final int[] lineRules;
  private final int[] unanchoredRules;

  private RuleSet(List<Rule> rules) {
    this.rules = List.copyOf(rules);
    Map<String, List<Integer>> byKeyword = new LinkedHashMap<>();
    List<Integer> lines = new ArrayList<>();
    for (int r = 0; r < this.rules.size(); r++) {
      Rule rule = this.rules.get(r);
      if (rule.keywords().isEmpty()) {
        lines.add(r);
      }
      for (String keyword : rule.keywords()) {
        byKeyword.computeIfAbsent(keyword, k -> new ArrayList<>()).add(r);
      }
    }
    this.automaton = new KeywordAutomaton(List.copyOf(byKeyword.keySet()));
    this.rulesByKeyword =
        byKeyword.values().stream()
            .map(l -> l.stream().mapToInt(Integer::intValue).toArray())
            .toArray(int[][]::new);
    this.lineRules = lines.stream().mapToInt(Integer::intValue).toArray();
    this.unanchoredRules =
        java.util.stream.IntStream.range(0, this.rules.size())
            .filter(r -> !this.rules.get(r).anchored() && !this.rules.get(r).keywords().isEmpty())
            .toArray();
  }

  /** The rules that ship with Proctor (see {@code builtin-rules.toml}). */
  public static RuleSet builtIn() {
    return Holder.BUILT_IN;
  }

  public static RuleSet of(List<Rule> rules) {
    return new RuleSet(rules);
  }

  /** This set with {@code more} appended; a rule with an existing id replaces it. */
  public RuleSet plus(Collection<Rule> more) {
    Map<String, Rule> byId = new LinkedHashMap<>();
    rules.forEach(r -> byId.put(r.id(), r));
    more.forEach(r -> byId.put(r.id(), r));
    return new RuleSet(new ArrayList<>(byId.values()));
  }

  /** This set without the rules whose ids are given. */
  public RuleSet without(Set<String> ids) {
    return new RuleSet(rules.stream().filter(r -> !ids.contains(r.id())).toList());
  }

  public List<Rule> rules() {
    return rules;
  }

  /**
   * A digest of every rule's definition: two sets judge text the same way when their versions are
   * equal, so an index built with another version must be re-scanned.
   */
  public String version() {
    try {
      java.security.MessageDigest sha256 = java.security.MessageDigest.getInstance("SHA-256");
      for (Rule rule : rules) {
        sha256.update(rule.toString().getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
      }
      return java.util.HexFormat.of().formatHex(sha256.digest(), 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  KeywordAutomaton automaton() {
    return automaton;
  }

  int[] rulesOfKeyword(int keyword) {
    return rulesByKeyword[keyword];
  }

  /** Rules whose match may start before their keyword. */
  int[] unanchoredRules() {
    return unanchoredRules;
  }

  int[] lineRules() {
    return lineRules;
  }

  private static final class Holder {
    static final RuleSet BUILT_IN = load();

    private static RuleSet load() {
      try (InputStream in = RuleSet.class.getResourceAsStream(BUILT_IN_RESOURCE)) {
        GitleaksRules.Import loaded =
            GitleaksRules.parse(
                new String(in.readAllBytes(), StandardCharsets.UTF_8), BUILT_IN_RESOURCE);
        if (!loaded.problems().isEmpty()) {
          throw new IllegalStateException("built-in rules: " + loaded.problems());
        }
        return new RuleSet(loaded.rules());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
