package dev.proctor.gateway.recording;

import java.io.IOException;

/** The spool could not take an event; a rule that demands recording must refuse the call. */
public final class RecordingUnavailableException extends IOException {
  public RecordingUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
