package dev.proctor.secrets;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Masks one text that arrives in pieces (the content of one streamed answer, say), releasing each
 * piece's masked text as soon as nothing after it can change it.
 *
 * <p>The released pieces, concatenated, always equal {@link SecretScanner#mask} of the whole text,
 * however the text was split. What is held back is only what could still become part of a secret:
 * the tail that is a prefix of a keyword, and the text from a keyword onwards while its rule could
 * still match more. A rule's result is final once its window (from the keyword to {@link
 * Rule#maxLength} further) has arrived, or earlier when the regex engine did not look at the end of
 * the text ({@link Matcher#hitEnd()}).
 *
 * <p>Not thread-safe: one instance per stream.
 */
public final class StreamingMasker {
  private final RuleSet rules;
  private final Fingerprinter fingerprinter;
  private final boolean mask;
  private final StringBuilder text = new StringBuilder();
  private final Matcher[] matchers;
  private final List<Hit> pending = new ArrayList<>();
  private final Set<Long> recentHits = new HashSet<>();
  private final List<SecretMatch> finals = new ArrayList<>();
  private final List<SecretMatch> kept = new ArrayList<>();
  private int automatonState;
  private int fed;
  private int lineStart;
  private int released;
  private int keptEnd;
  private boolean finished;

  StreamingMasker(RuleSet rules, Fingerprinter fingerprinter, boolean mask) {
    this.rules = rules;
    this.fingerprinter = fingerprinter;
    this.mask = mask;
    this.matchers = new Matcher[rules.rules().size()];
  }

  /** Adds the next piece; returns the masked text that can be released now (maybe empty). */
  public String push(CharSequence piece) {
    if (finished) {
      throw new IllegalStateException("the stream was finished");
    }
    text.append(piece);
    return advance(false);
  }

  /**
   * Pushes the last piece and ends the text in one step: for a text that is whole already, this
   * skips working out what to hold back.
   */
  public String finish(CharSequence lastPiece) {
    if (finished) {
      throw new IllegalStateException("the stream was finished");
    }
    text.append(lastPiece);
    finished = true;
    return advance(true);
  }

  /** Ends the text; returns everything still held back, masked. */
  public String finish() {
    if (finished) {
      return "";
    }
    finished = true;
    return advance(true);
  }

  /** The secrets found in what has been released so far, in order. */
  public List<SecretMatch> matches() {
    return List.copyOf(kept);
  }

  /** How many characters are held back now: received but not yet released. */
  public int heldBack() {
    return text.length() - released;
  }

  private String advance(boolean atEnd) {
    int end = text.length();
    findKeywords(end);
    scanLines(end, atEnd);
    // removeIf compacts once; removing through the iterator shifted the list at every hit, which
    // made a text of many keyword hits ("ghp_ghp_ghp_…") quadratic
    pending.removeIf(hit -> evaluate(hit, end, atEnd));
    return release(frontier(end, atEnd));
  }

  private void findKeywords(int end) {
    KeywordAutomaton automaton = rules.automaton();
    for (int i = fed; i < end; i++) {
      automatonState = automaton.step(automatonState, text.charAt(i));
      for (int keyword : automaton.matches(automatonState)) {
        int start = i + 1 - automaton.keywordLength(keyword);
        for (int r : rules.rulesOfKeyword(keyword)) {
          if (recentHits.add(((long) start << 16) | r)) {
            pending.add(new Hit(start, r));
          }
        }
      }
    }
    fed = end;
    if (recentHits.size() > 4096) {
      recentHits.removeIf(key -> (key >>> 16) < end - 256);
    }
  }

  /** Rules without keywords are searched line by line, once a line is complete. */
  private void scanLines(int end, boolean atEnd) {
    if (rules.lineRules().length == 0) {
      return;
    }
    while (true) {
      int newline = text.indexOf("\n", lineStart);
      int lineEnd;
      if (newline >= 0) {
        lineEnd = newline;
      } else if (atEnd && lineStart < end) {
        lineEnd = end;
      } else {
        return;
      }
      for (int r : rules.lineRules()) {
        finals.addAll(search(r, lineStart, lineEnd, end, true).matches);
      }
      lineStart = lineEnd + 1;
    }
  }

  /** Tries one keyword hit's rule; true when its result is final (and added to {@link #finals}). */
  private boolean evaluate(Hit hit, int end, boolean atEnd) {
    Rule rule = rules.rules().get(hit.rule);
    int windowStart = rule.anchored() ? hit.start : Math.max(0, hit.start - rule.lookBehind());
    int windowEnd = hit.start + rule.maxLength() + 1;
    boolean complete = atEnd || end >= windowEnd;
    Outcome outcome =
        rule.anchored()
            ? anchored(hit.rule, hit.start, Math.min(end, windowEnd), end, complete)
            : search(hit.rule, windowStart, Math.min(end, windowEnd), end, complete);
    if (outcome.touchedEnd && !atEnd) {
      return false;
    }
    finals.addAll(outcome.matches);
    return true;
  }

  private Outcome anchored(int r, int start, int windowEnd, int end, boolean complete) {
    Matcher m = matcher(r);
    m.region(start, windowEnd);
    Outcome outcome = new Outcome();
    if (m.lookingAt()) {
      accept(r, m, end, outcome);
    }
    outcome.touchedEnd |= !complete && m.hitEnd();
    return outcome;
  }

  private Outcome search(int r, int windowStart, int windowEnd, int end, boolean complete) {
    Matcher m = matcher(r);
    m.region(windowStart, windowEnd);
    Outcome outcome = new Outcome();
    while (m.find()) {
      outcome.touchedEnd |= !complete && m.hitEnd();
      accept(r, m, end, outcome);
      if (m.end() == m.start()) {
        break;
      }
    }
    outcome.touchedEnd |= !complete && m.hitEnd();
    return outcome;
  }

  private void accept(int r, Matcher m, int end, Outcome outcome) {
    Rule rule = rules.rules().get(r);
    int group = rule.secretGroup();
    int start = m.start(group);
    int stop = m.end(group);
    if (start < 0 || stop <= start) {
      return;
    }
    if (rule.wordBoundary()) {
      if (m.start() > 0 && isWordChar(text.charAt(m.start() - 1))) {
        return;
      }
      if (m.end() >= end) {
        outcome.touchedEnd |= !finished; // the next character decides
        if (!finished) {
          return;
        }
      } else if (isWordChar(text.charAt(m.end()))) {
        return;
      }
    }
    String secret = text.substring(start, stop);
    if (rule.accepts(secret)) {
      outcome.matches.add(new SecretMatch(rule, start, stop, fingerprinter.of(secret)));
    }
  }

  private static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private Matcher matcher(int r) {
    if (matchers[r] == null) {
      matchers[r] = rules.rules().get(r).pattern().matcher(text);
    }
    return matchers[r];
  }

  /** The position up to which the masked text can no longer change. */
  private int frontier(int end, boolean atEnd) {
    if (atEnd) {
      return end;
    }
    int frontier = end;
    frontier = Math.min(frontier, end - rules.automaton().depth(automatonState));
    for (int r : rules.unanchoredRules()) {
      frontier = Math.min(frontier, end - rules.rules().get(r).couldStartBefore(text, end));
    }
    for (Hit hit : pending) {
      Rule rule = rules.rules().get(hit.rule);
      frontier = Math.min(frontier, rule.anchored() ? hit.start : hit.start - rule.lookBehind());
    }
    if (rules.lineRules().length > 0) {
      frontier = Math.min(frontier, lineStart);
    }
    if (frontier > 0 && frontier < end && Character.isHighSurrogate(text.charAt(frontier - 1))) {
      frontier--; // never between the two halves of a character
    }
    boolean moved = true;
    while (moved) {
      moved = false;
      for (SecretMatch m : finals) {
        if (m.start() < frontier && m.end() > frontier) {
          frontier = m.start();
          moved = true;
        }
      }
    }
    return Math.max(frontier, released);
  }

  private String release(int upTo) {
    List<SecretMatch> ready = new ArrayList<>();
    for (Iterator<SecretMatch> it = finals.iterator(); it.hasNext(); ) {
      SecretMatch m = it.next();
      if (m.start() < upTo) {
        ready.add(m);
        it.remove();
      }
    }
    ready.sort(
        Comparator.comparingInt(SecretMatch::start)
            .thenComparing(Comparator.comparingInt(SecretMatch::length).reversed())
            .thenComparingInt(m -> rules.rules().indexOf(m.rule())));
    StringBuilder out = mask ? new StringBuilder(upTo - released + 16) : null;
    int at = released;
    for (SecretMatch m : ready) {
      if (m.start() < keptEnd) {
        continue; // overlaps a secret already taken
      }
      kept.add(m);
      keptEnd = m.end();
      if (mask) {
        out.append(text, at, m.start()).append(m.placeholder());
        at = m.end();
      }
    }
    released = upTo;
    if (!mask) {
      return ""; // detecting only: the caller reads matches(), not the text
    }
    out.append(text, at, upTo);
    return out.toString();
  }

  private record Hit(int start, int rule) {}

  private static final class Outcome {
    final List<SecretMatch> matches = new ArrayList<>(1);
    boolean touchedEnd;
  }
}
