package dev.proctor.index.sync;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Access to a recordings bucket: read everything, write annotations. */
public interface RecordingSource {
  /** Every object under {@code prefix}, in key order. */
  List<RemoteObject> list(String prefix) throws IOException;

  /** The "folders" right under {@code prefix}: common prefixes up to the next {@code /}. */
  List<String> folders(String prefix) throws IOException;

  byte[] get(String key) throws IOException;

  /**
   * Writes {@code key} only if it is still as the caller last saw it.
   *
   * @param expectedEtag the ETag it must still have; empty when it must not exist yet
   * @return the new ETag, or empty when the object changed in between
   * @throws IOException when the write fails for another reason (no permission, S3 down)
   */
  Optional<String> putIfUnchanged(String key, byte[] bytes, Optional<String> expectedEtag)
      throws IOException;

  /**
   * An object as listed.
   *
   * @param etag changes whenever the object's bytes change
   */
  record RemoteObject(String key, String etag, long size) {}
}
