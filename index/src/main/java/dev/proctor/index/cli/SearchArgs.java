package dev.proctor.index.cli;

import dev.proctor.index.search.Facet;
import dev.proctor.index.search.SearchQuery;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The arguments of {@code proctor search}: {@code [--json] [--newest] [--limit N] [--from T] [--to
 * T] [--facet name=value]... <query>}. Dates are UTC days ({@code --to} includes its day) or
 * instants.
 */
record SearchArgs(SearchQuery query, boolean json) {

  /**
   * @throws IllegalArgumentException saying which argument is wrong and what was expected
   */
  static SearchArgs parse(List<String> args) {
    SearchQuery q = SearchQuery.of("");
    boolean json = false;
    List<String> words = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--json" -> json = true;
        case "--newest" -> q = q.ordered(SearchQuery.Order.NEWEST);
        case "--limit" -> q = q.limited(number(value(args, ++i, a)));
        case "--from" -> q = q.between(Optional.of(time(value(args, ++i, a), false)), q.to());
        case "--to" -> q = q.between(q.from(), Optional.of(time(value(args, ++i, a), true)));
        case "--facet" -> {
          String pair = value(args, ++i, a);
          int eq = pair.indexOf('=');
          if (eq <= 0 || eq == pair.length() - 1) {
            throw new IllegalArgumentException(
                "--facet " + pair + " (expected name=value, such as user=alice)");
          }
          q = q.withFilter(Facet.of(pair.substring(0, eq)), pair.substring(eq + 1));
        }
        default -> {
          if (a.startsWith("--")) {
            throw new IllegalArgumentException("unknown option " + a);
          }
          words.add(a);
        }
      }
    }
    SearchQuery full =
        new SearchQuery(
            String.join(" ", words), q.filters(), q.from(), q.to(), q.order(), q.limit());
    if (full.text().isBlank()
        && full.filters().isEmpty()
        && full.from().isEmpty()
        && full.to().isEmpty()) {
      throw new IllegalArgumentException("give a query, a --facet or a time range");
    }
    return new SearchArgs(full, json);
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(i);
  }

  private static int number(String text) {
    try {
      int n = Integer.parseInt(text);
      if (n < 1 || n > 10_000) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--limit " + text + " (expected 1 to 10000)");
    }
  }

  /** A day or an instant; as an upper bound a day means up to the end of that day. */
  static Instant time(String text, boolean upper) {
    try {
      if (text.length() == 10) {
        LocalDate day = LocalDate.parse(text);
        return (upper ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          text
              + " (expected a date such as 2026-11-24 or an instant such as 2026-11-24T10:15:00Z)");
    }
  }
}
