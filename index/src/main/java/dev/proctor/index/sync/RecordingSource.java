package dev.proctor.index.sync;

import java.io.IOException;
import java.util.List;

/** Read access to a recordings bucket. */
public interface RecordingSource {
  /** Every object under {@code prefix}, in key order. */
  List<RemoteObject> list(String prefix) throws IOException;

  byte[] get(String key) throws IOException;

  /**
   * An object as listed.
   *
   * @param etag changes whenever the object's bytes change
   */
  record RemoteObject(String key, String etag, long size) {}
}
