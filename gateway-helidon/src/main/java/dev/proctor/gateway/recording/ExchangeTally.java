package dev.proctor.gateway.recording;

import dev.proctor.format.EventData;
import dev.proctor.format.ExchangeEnd;
import dev.proctor.format.ExchangeRequest;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which exchanges of a session have begun and which have not ended yet, kept from the events as
 * they are appended (or replayed by recovery), so a crash can end the open ones.
 */
final class ExchangeTally {
  private long begun;
  private final Set<String> open = new LinkedHashSet<>();

  /** A tally continuing from a sealed segment's journal entry; empty before the first. */
  static ExchangeTally after(List<SpoolJournal.Sealed> journal) {
    ExchangeTally tally = new ExchangeTally();
    if (!journal.isEmpty()) {
      tally.begun = journal.getLast().exchanges();
      tally.open.addAll(journal.getLast().openXids());
    }
    return tally;
  }

  void observe(Optional<String> xid, EventData data) {
    switch (data) {
      case ExchangeRequest ignored -> {
        begun++;
        xid.ifPresent(open::add);
      }
      case ExchangeEnd ignored -> xid.ifPresent(open::remove);
      default -> {}
    }
  }

  long begun() {
    return begun;
  }

  /** The exchanges without an end, in the order they began. */
  List<String> open() {
    return List.copyOf(open);
  }
}
