package dev.proctor.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads rules in gitleaks' TOML format ({@code [[rules]]} with {@code id}, {@code description},
 * {@code regex}, {@code secretGroup}, {@code entropy}, {@code keywords} and allowlists; a global
 * {@code [allowlist]}), so that teams bring the rules they already have. Regexes are translated
 * from RE2 to Java syntax; every rule that cannot be honoured is reported, never silently dropped.
 *
 * <p>Proctor's own fields live in an optional {@code [rules.proctor]} table, which gitleaks
 * ignores: {@code anchored}, {@code wordBoundary}, {@code maxLength}, {@code lookBehind} and {@code
 * checksum} ({@code "crc32-base62"}). The built-in rules are written in this format.
 */
public final class GitleaksRules {
  static final int DEFAULT_MAX_LENGTH = 256;
  static final int DEFAULT_LOOK_BEHIND = 64;

  private GitleaksRules() {}

  /**
   * @param rules the rules that could be honoured
   * @param problems one sentence per rule or setting that could not be, naming it
   */
  public record Import(List<Rule> rules, List<String> problems) {
    public Import {
      rules = List.copyOf(rules);
      problems = List.copyOf(problems);
    }
  }

  /** Parses {@code toml}; {@code source} names it in problems. */
  public static Import parse(String toml, String source) {
    JsonNode root;
    try {
      root = new TomlMapper().readTree(toml);
    } catch (IOException e) {
      return new Import(List.of(), List.of(source + ": not valid TOML: " + e.getMessage()));
    }
    List<String> problems = new ArrayList<>();
    if (root.has("extend")) {
      problems.add(
          source
              + ": [extend] is ignored; imported rules are added to Proctor's built-in set,"
              + " which replaces gitleaks' default configuration");
    }
    Allowlist global = allowlist(root.path("allowlist"), source + " [allowlist]", problems);
    List<Rule> rules = new ArrayList<>();
    for (JsonNode node : root.path("rules")) {
      String id = node.path("id").asText("");
      String where = source + " rule '" + id + "'";
      if (id.isBlank()) {
        problems.add(source + ": a rule has no id; skipped");
        continue;
      }
      if (!node.hasNonNull("regex")) {
        problems.add(
            where
                + ": has no regex (a path-only rule matches file names, which prompts do not"
                + " have); skipped");
        continue;
      }
      Pattern pattern;
      try {
        pattern = Pattern.compile(Re2Syntax.toJava(node.get("regex").asText()));
      } catch (Re2Syntax.UnsupportedException | PatternSyntaxException e) {
        problems.add(where + ": regex cannot be used: " + e.getMessage() + "; skipped");
        continue;
      }
      List<String> keywords = new ArrayList<>();
      boolean keywordsUsable = true;
      for (JsonNode k : node.path("keywords")) {
        String keyword = k.asText().toLowerCase(Locale.ROOT);
        if (!keyword.chars().allMatch(c -> c < 128) || keyword.isEmpty()) {
          keywordsUsable = false;
        }
        keywords.add(keyword);
      }
      if (!keywordsUsable) {
        problems.add(
            where + ": a keyword is empty or not ASCII; the rule is searched line by line");
        keywords.clear();
      }
      JsonNode proctor = node.path("proctor");
      Checksum checksum;
      try {
        checksum = checksum(proctor.path("checksum").asText("none"));
      } catch (IllegalArgumentException e) {
        problems.add(where + ": " + e.getMessage() + "; skipped");
        continue;
      }
      List<Allowlist> allowlists = new ArrayList<>();
      allowlists.add(global);
      if (node.has("allowlist")) {
        allowlists.add(allowlist(node.get("allowlist"), where + " allowlist", problems));
      }
      for (JsonNode a : node.path("allowlists")) {
        allowlists.add(allowlist(a, where + " allowlists", problems));
      }
      java.util.Optional<Pattern> lookBehindChars;
      try {
        lookBehindChars =
            java.util.Optional.of(proctor.path("lookBehindChars").asText(""))
                .filter(c -> !c.isEmpty())
                .map(Pattern::compile);
      } catch (PatternSyntaxException e) {
        problems.add(where + ": lookBehindChars is not a regex: " + e.getMessage() + "; skipped");
        continue;
      }
      int secretGroup = node.path("secretGroup").asInt(0);
      if (secretGroup > pattern.matcher("").groupCount()) {
        problems.add(
            where + ": secretGroup " + secretGroup + " is not a group of its regex; skipped");
        continue;
      }
      try {
        rules.add(
            new Rule(
                id,
                node.path("description").asText(id),
                pattern,
                secretGroup,
                keywords,
                proctor.path("anchored").asBoolean(false) && !keywords.isEmpty(),
                proctor.path("wordBoundary").asBoolean(false),
                proctor.path("maxLength").asInt(DEFAULT_MAX_LENGTH),
                proctor.path("lookBehind").asInt(DEFAULT_LOOK_BEHIND),
                lookBehindChars,
                node.path("entropy").asDouble(0),
                checksum,
                merge(allowlists)));
      } catch (IllegalArgumentException e) {
        problems.add(where + ": " + e.getMessage() + "; skipped");
      }
    }
    return new Import(rules, problems);
  }

  private static Checksum checksum(String name) {
    return switch (name) {
      case "none" -> Checksum.NONE;
      case "crc32-base62" -> Checksum.CRC32_BASE62;
      default -> throw new IllegalArgumentException("unknown checksum '" + name + "'");
    };
  }

  private static Allowlist allowlist(JsonNode node, String where, List<String> problems) {
    if (node.isMissingNode()) {
      return Allowlist.NONE;
    }
    List<Pattern> regexes = new ArrayList<>();
    for (JsonNode r : node.path("regexes")) {
      try {
        regexes.add(Pattern.compile(Re2Syntax.toJava(r.asText())));
      } catch (Re2Syntax.UnsupportedException | PatternSyntaxException e) {
        problems.add(where + ": allowlist regex cannot be used: " + e.getMessage());
      }
    }
    String target = node.path("regexTarget").asText("secret");
    if (!target.equals("secret") && node.has("regexes")) {
      problems.add(
          where
              + ": regexTarget '"
              + target
              + "' is applied to the secret (prompts have no lines)");
    }
    if (node.has("paths") || node.has("commits")) {
      problems.add(where + ": paths and commits do not apply to prompts; ignored");
    }
    List<String> stopwords = new ArrayList<>();
    node.path("stopwords").forEach(w -> stopwords.add(w.asText()));
    return new Allowlist(regexes, stopwords);
  }

  private static Allowlist merge(List<Allowlist> lists) {
    List<Pattern> regexes = new ArrayList<>();
    List<String> stopwords = new ArrayList<>();
    for (Allowlist a : lists) {
      regexes.addAll(a.regexes());
      stopwords.addAll(a.stopwords());
    }
    return new Allowlist(regexes, stopwords);
  }
}
