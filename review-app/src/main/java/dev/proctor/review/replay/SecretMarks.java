package dev.proctor.review.replay;

import dev.proctor.secrets.Rule;
import dev.proctor.secrets.SecretMatch;
import dev.proctor.secrets.SecretScanner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Marks secrets in a message's runs: the gateway's placeholders ({@code [MASKED:rule:fp]}) and
 * secrets the shared scanner finds in the recorded text (which went through unmasked), each with
 * its rule's description.
 */
final class SecretMarks {
  private static final Pattern MASK = Pattern.compile("\\[MASKED:([a-z0-9-]{1,64}):[0-9a-f]{8}]");

  private final SecretScanner scanner;
  private final Map<String, String> descriptions;

  SecretMarks(SecretScanner scanner) {
    this.scanner = scanner;
    this.descriptions =
        scanner.rules().rules().stream()
            .collect(Collectors.toMap(Rule::id, Rule::description, (a, b) -> a));
  }

  /** The blocks with each secret in them a marked run. */
  List<Block> mark(List<Block> blocks) {
    List<Block> out = new ArrayList<>(blocks.size());
    for (Block b : blocks) {
      List<Span> spans = new ArrayList<>();
      for (Span s : b.spans()) {
        split(s, spans);
      }
      out.add(new Block(b.kind(), b.language(), spans));
    }
    return out;
  }

  private void split(Span span, List<Span> out) {
    String text = span.text();
    Matcher m = MASK.matcher(text);
    int at = 0;
    while (m.find()) {
      leaks(text.substring(at, m.start()), span.style(), out);
      out.add(
          new Span(m.group(), Span.Style.MASKED, "Masked by the gateway: " + describe(m.group(1))));
      at = m.end();
    }
    leaks(text.substring(at), span.style(), out);
  }

  private void leaks(String text, Span.Style style, List<Span> out) {
    if (text.isEmpty()) {
      return;
    }
    int at = 0;
    for (SecretMatch match : scanner.scan(text)) {
      if (match.start() < at) {
        continue;
      }
      if (match.start() > at) {
        out.add(Span.of(text.substring(at, match.start()), style));
      }
      out.add(
          new Span(
              text.substring(match.start(), match.end()),
              Span.Style.LEAKED,
              "Not masked — went through: " + describe(match.rule().id())));
      at = match.end();
    }
    if (at < text.length()) {
      out.add(Span.of(text.substring(at), style));
    }
  }

  private String describe(String rule) {
    String description = descriptions.get(rule);
    return description == null ? rule : description + " (" + rule + ")";
  }
}
