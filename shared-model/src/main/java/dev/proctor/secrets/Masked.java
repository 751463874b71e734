package dev.proctor.secrets;

import java.util.List;

/** A text with its secrets replaced, and where they were in the original. */
public record Masked(String text, List<SecretMatch> matches) {
  public Masked {
    matches = List.copyOf(matches);
  }
}
