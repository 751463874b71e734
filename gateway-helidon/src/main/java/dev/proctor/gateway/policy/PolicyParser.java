package dev.proctor.gateway.policy;

import dev.proctor.format.RecordLevel;
import dev.proctor.gateway.masking.MaskingPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a policy file, checking every key and value, and reports every problem at once with its
 * {@code file:line:column} and what was expected. The grammar is in docs/policy.md.
 */
public final class PolicyParser {
  private static final Set<String> RULE_KEYS =
      Set.of("name", "match", "action", "message", "record", "masking", "approval", "fail-closed");
  private static final Set<String> MATCH_KEYS =
      Set.of("issuer", "subject", "groups", "claims", "connection", "model", "path");
  private static final Set<String> MASKING_KEYS = Set.of("request", "response");
  private static final Set<String> APPROVAL_KEYS =
      Set.of("approvers", "min-approvals", "max-duration", "hold");
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(s|m|h|d)");

  private final String source;
  private final List<String> problems = new ArrayList<>();

  private PolicyParser(String source) {
    this.source = source;
  }

  /**
   * @throws PolicyException listing every problem of the file
   */
  public static Policy read(Path file) throws IOException, PolicyException {
    return parse(Files.readString(file), file.toString());
  }

  /**
   * @param source names the text in messages, usually its file name
   * @throws PolicyException listing every problem of the text
   */
  public static Policy parse(String yaml, String source) throws PolicyException {
    PolicyParser parser = new PolicyParser(source);
    Node root;
    try {
      root =
          new Yaml(new SafeConstructor(new LoaderOptions()))
              .compose(new java.io.StringReader(yaml));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      throw new PolicyException(
          List.of(parser.at(mark) + "not valid YAML: " + firstLine(e.getProblem())));
    } catch (YAMLException e) {
      throw new PolicyException(List.of(source + ": not valid YAML: " + firstLine(e.getMessage())));
    }
    if (root == null) {
      throw new PolicyException(List.of(source + ": the file is empty; expected a 'rules:' list"));
    }
    List<PolicyRule> rules = parser.policy(root);
    if (!parser.problems.isEmpty()) {
      throw new PolicyException(parser.problems);
    }
    return new Policy(source, rules);
  }

  private List<PolicyRule> policy(Node root) {
    Map<String, Node> top = mapping(root, "the policy", Set.of("version", "rules"));
    List<PolicyRule> rules = new ArrayList<>();
    if (top == null) {
      return rules;
    }
    Node version = top.get("version");
    if (version != null && !"1".equals(scalar(version, "version"))) {
      problem(version, "version: expected 1");
    }
    Node list = top.get("rules");
    if (list == null) {
      problem(root, "expected a 'rules:' list");
      return rules;
    }
    if (!(list instanceof SequenceNode sequence)) {
      problem(list, "rules: expected a list of rules");
      return rules;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < sequence.getValue().size(); i++) {
      Node node = sequence.getValue().get(i);
      String where = "rules[" + i + "]";
      rule(node, where)
          .ifPresent(
              rule -> {
                if (!names.add(rule.name())) {
                  problem(node, where + ".name: '" + rule.name() + "' is used by an earlier rule");
                }
                rules.add(rule);
              });
    }
    return rules;
  }

  private Optional<PolicyRule> rule(Node node, String where) {
    Map<String, Node> rule = mapping(node, where, RULE_KEYS);
    if (rule == null) {
      return Optional.empty();
    }
    int before = problems.size();
    String name = required(rule, node, where, "name");
    Match match =
        rule.containsKey("match") ? match(rule.get("match"), where + ".match") : Match.ANY;
    String action =
        Optional.ofNullable(rule.get("action"))
            .map(n -> scalar(n, where + ".action"))
            .orElse("allow");
    boolean allow = true;
    switch (action) {
      case "allow" -> allow = true;
      case "deny" -> allow = false;
      default ->
          problem(
              rule.get("action"), where + ".action: expected allow or deny, got '" + action + "'");
    }
    String message =
        Optional.ofNullable(rule.get("message")).map(n -> scalar(n, where + ".message")).orElse("");
    if (!allow && message.isBlank()) {
      message = "The gateway's policy does not allow this call (rule '" + name + "').";
    }
    RecordLevel record = RecordLevel.FULL;
    if (rule.containsKey("record")) {
      String level = scalar(rule.get("record"), where + ".record");
      try {
        record = RecordLevel.of(level);
      } catch (RuntimeException e) {
        problem(
            rule.get("record"),
            where + ".record: expected full, metadata or off, got '" + level + "'");
      }
    }
    Optional<MaskingPolicy> maskRequest = Optional.empty();
    Optional<MaskingPolicy> maskResponse = Optional.empty();
    if (rule.containsKey("masking")) {
      Map<String, Node> masking = mapping(rule.get("masking"), where + ".masking", MASKING_KEYS);
      if (masking != null) {
        maskRequest = maskingPolicy(masking.get("request"), where + ".masking.request");
        maskResponse = maskingPolicy(masking.get("response"), where + ".masking.response");
      }
    }
    Optional<Approval> approval = Optional.empty();
    if (rule.containsKey("approval")) {
      if (!allow) {
        problem(rule.get("approval"), where + ".approval: a deny rule cannot ask for approval");
      }
      approval = approval(rule.get("approval"), where + ".approval");
    }
    boolean failClosed = true;
    if (rule.containsKey("fail-closed")) {
      String value = scalar(rule.get("fail-closed"), where + ".fail-closed");
      if (value.equals("true") || value.equals("false")) {
        failClosed = Boolean.parseBoolean(value);
      } else {
        problem(
            rule.get("fail-closed"),
            where + ".fail-closed: expected true or false, got '" + value + "'");
      }
    }
    if (problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(
        new PolicyRule(
            name,
            match,
            allow,
            message,
            record,
            maskRequest,
            maskResponse,
            approval,
            failClosed,
            node.getStartMark().getLine() + 1));
  }

  private Match match(Node node, String where) {
    Map<String, Node> match = mapping(node, where, MATCH_KEYS);
    if (match == null) {
      return Match.ANY;
    }
    Map<String, List<Glob>> claims = new LinkedHashMap<>();
    if (match.containsKey("claims")) {
      Map<String, Node> claimNodes = mapping(match.get("claims"), where + ".claims", null);
      if (claimNodes != null) {
        claimNodes.forEach(
            (claim, value) -> claims.put(claim, globs(value, where + ".claims." + claim)));
      }
    }
    return new Match(
        globs(match.get("issuer"), where + ".issuer"),
        globs(match.get("subject"), where + ".subject"),
        globs(match.get("groups"), where + ".groups"),
        claims,
        globs(match.get("connection"), where + ".connection"),
        globs(match.get("model"), where + ".model"),
        globs(match.get("path"), where + ".path"));
  }

  private Optional<Approval> approval(Node node, String where) {
    Map<String, Node> approval = mapping(node, where, APPROVAL_KEYS);
    if (approval == null) {
      return Optional.empty();
    }
    List<String> approvers =
        globs(approval.get("approvers"), where + ".approvers").stream().map(Glob::pattern).toList();
    if (approvers.isEmpty()) {
      problem(node, where + ".approvers: expected at least one approver group");
    }
    int min = 1;
    if (approval.containsKey("min-approvals")) {
      String value = scalar(approval.get("min-approvals"), where + ".min-approvals");
      try {
        min = Integer.parseInt(value);
        if (min < 1) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        problem(
            approval.get("min-approvals"),
            where + ".min-approvals: expected a whole number of at least 1, got '" + value + "'");
      }
    }
    Duration maxDuration =
        duration(approval.get("max-duration"), where + ".max-duration", Duration.ofHours(8));
    Duration hold = duration(approval.get("hold"), where + ".hold", Duration.ofMinutes(2));
    if (approvers.isEmpty() || min < 1) {
      return Optional.empty();
    }
    return Optional.of(new Approval(approvers, min, maxDuration, hold));
  }

  private Optional<MaskingPolicy> maskingPolicy(Node node, String where) {
    if (node == null) {
      return Optional.empty();
    }
    String value = scalar(node, where);
    try {
      return Optional.of(MaskingPolicy.parse(value));
    } catch (IllegalArgumentException e) {
      problem(node, where + ": expected mask, detect or off, got '" + value + "'");
      return Optional.empty();
    }
  }

  private Duration duration(Node node, String where, Duration fallback) {
    if (node == null) {
      return fallback;
    }
    String value = scalar(node, where).strip();
    Matcher shorthand = SHORT_DURATION.matcher(value);
    try {
      Duration d;
      if (shorthand.matches()) {
        long n = Long.parseLong(shorthand.group(1));
        d =
            switch (shorthand.group(2)) {
              case "s" -> Duration.ofSeconds(n);
              case "m" -> Duration.ofMinutes(n);
              case "h" -> Duration.ofHours(n);
              default -> Duration.ofDays(n);
            };
      } else {
        d = Duration.parse(value);
      }
      if (d.isNegative() || d.isZero()) {
        throw new DateTimeParseException("not positive", value, 0);
      }
      return d;
    } catch (DateTimeParseException | ArithmeticException e) {
      problem(
          node,
          where
              + ": expected a positive duration such as 90s, 30m, 8h or PT8H, got '"
              + value
              + "'");
      return fallback;
    }
  }

  /** A glob or a list of globs; an absent node gives none. */
  private List<Glob> globs(Node node, String where) {
    List<Glob> globs = new ArrayList<>();
    if (node == null) {
      return globs;
    }
    if (node instanceof ScalarNode s) {
      globs.add(new Glob(s.getValue()));
    } else if (node instanceof SequenceNode seq) {
      for (Node item : seq.getValue()) {
        if (item instanceof ScalarNode s) {
          globs.add(new Glob(s.getValue()));
        } else {
          problem(item, where + ": expected a string or a list of strings");
        }
      }
    } else {
      problem(node, where + ": expected a string or a list of strings");
    }
    return globs;
  }

  private String required(Map<String, Node> map, Node owner, String where, String key) {
    Node node = map.get(key);
    if (node == null) {
      problem(owner, where + ": missing '" + key + "'");
      return "";
    }
    String value = scalar(node, where + "." + key);
    if (value.isBlank()) {
      problem(node, where + "." + key + ": must not be empty");
    }
    return value;
  }

  private String scalar(Node node, String where) {
    if (node instanceof ScalarNode s) {
      return s.getValue();
    }
    problem(node, where + ": expected a single value");
    return "";
  }

  /**
   * The keys of a mapping node; reports unknown keys (unless {@code allowed} is null) and
   * duplicates.
   *
   * @return null when {@code node} is not a mapping
   */
  private Map<String, Node> mapping(Node node, String where, Set<String> allowed) {
    if (!(node instanceof MappingNode mapping)) {
      problem(node, where + ": expected a mapping of keys to values");
      return null;
    }
    Map<String, Node> map = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      String key = scalar(tuple.getKeyNode(), where);
      if (allowed != null && !allowed.contains(key)) {
        problem(
            tuple.getKeyNode(),
            where
                + ": unknown key '"
                + key
                + "' (expected one of: "
                + String.join(", ", allowed.stream().sorted().toList())
                + ")");
        continue;
      }
      if (map.put(key, tuple.getValueNode()) != null) {
        problem(tuple.getKeyNode(), where + ": '" + key + "' is given twice");
      }
    }
    return map;
  }

  private void problem(Node node, String message) {
    problems.add(at(node.getStartMark()) + message);
  }

  private String at(Mark mark) {
    return mark == null
        ? source + ": "
        : source + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1) + ": ";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
