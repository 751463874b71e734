package dev.proctor.secrets;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;

/**
 * Aho–Corasick over ASCII keywords, case-insensitive, compiled to a full transition table: one
 * array lookup per character. It is the prefilter: a rule's regex runs only where one of its
 * keywords occurs.
 *
 * <p>It also tells how many of the last characters fed could still be the start of a keyword
 * ({@link #depth}), which is what a streaming masker must hold back before a keyword completes.
 */
final class KeywordAutomaton {
  private static final int ALPHABET = 128;

  private final int[] next; // state * ALPHABET + char -> state
  private final int[][] outputs; // state -> keyword ids ending here (suffix links followed)
  private final int[] depth;
  private final int[] keywordLength;

  KeywordAutomaton(List<String> keywords) {
    List<int[]> gotoRows = new ArrayList<>();
    List<List<Integer>> out = new ArrayList<>();
    List<Integer> depths = new ArrayList<>();
    gotoRows.add(newRow());
    out.add(new ArrayList<>());
    depths.add(0);
    keywordLength = new int[keywords.size()];
    for (int k = 0; k < keywords.size(); k++) {
      String word = keywords.get(k);
      keywordLength[k] = word.length();
      int state = 0;
      for (int i = 0; i < word.length(); i++) {
        int c = lower(word.charAt(i));
        if (c < 0) {
          throw new IllegalArgumentException("keyword is not ASCII: " + word);
        }
        if (gotoRows.get(state)[c] < 0) {
          gotoRows.get(state)[c] = gotoRows.size();
          gotoRows.add(newRow());
          out.add(new ArrayList<>());
          depths.add(depths.get(state) + 1);
        }
        state = gotoRows.get(state)[c];
      }
      out.get(state).add(k);
    }
    int states = gotoRows.size();
    next = new int[states * ALPHABET];
    int[] fail = new int[states];
    Queue<Integer> queue = new ArrayDeque<>();
    for (int c = 0; c < ALPHABET; c++) {
      int s = gotoRows.get(0)[c];
      next[c] = s < 0 ? 0 : s;
      if (s > 0) {
        queue.add(s);
      }
    }
    while (!queue.isEmpty()) {
      int state = queue.remove();
      out.get(state).addAll(out.get(fail[state]));
      for (int c = 0; c < ALPHABET; c++) {
        int s = gotoRows.get(state)[c];
        if (s < 0) {
          next[state * ALPHABET + c] = next[fail[state] * ALPHABET + c];
        } else {
          fail[s] = next[fail[state] * ALPHABET + c];
          next[state * ALPHABET + c] = s;
          queue.add(s);
        }
      }
    }
    outputs = new int[states][];
    depth = new int[states];
    for (int s = 0; s < states; s++) {
      outputs[s] = out.get(s).stream().mapToInt(Integer::intValue).toArray();
      depth[s] = depths.get(s);
    }
  }

  private static int[] newRow() {
    int[] row = new int[ALPHABET];
    Arrays.fill(row, -1);
    return row;
  }

  /** The state after reading {@code c} in {@code state}; the start state is 0. */
  int step(int state, char c) {
    int l = lower(c);
    return l < 0 ? 0 : next[state * ALPHABET + l];
  }

  /** Ids of the keywords that end where this state was reached. */
  int[] matches(int state) {
    return outputs[state];
  }

  /** Length of the longest keyword prefix the last characters read form. */
  int depth(int state) {
    return depth[state];
  }

  int keywordLength(int keyword) {
    return keywordLength[keyword];
  }

  private static int lower(char c) {
    if (c >= ALPHABET) {
      return -1;
    }
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
  }
}
