package dev.proctor.review.settings;

import java.io.IOException;
import java.util.List;

/** Reads, writes and checks the workstation's endpoints. */
public interface SettingsStore {
  Endpoints load() throws IOException;

  void save(Endpoints endpoints) throws IOException;

  /** Tries each endpoint; one line per endpoint saying whether it answered and how. */
  List<String> test(Endpoints endpoints) throws InterruptedException;
}
