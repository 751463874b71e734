package dev.proctor.index.sync;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Access to a recordings bucket: read everything, write annotations. */
public interface RecordingSource {
  /**
   * Every object under {@code prefix}, in key order. An object the store lists without an ETag is
   * left out: it is still being written (s3proxy's file store shows an upload in progress as a file
   * named by its key, a dash and a UUID) and is listed with one once it lands.
   */
  List<RemoteObject> list(String prefix) throws IOException;

  /** The "folders" right under {@code prefix}: common prefixes up to the next {@code /}. */
  List<String> folders(String prefix) throws IOException;

  /**
   * The object's bytes, or empty when there is no such object (any more: a listing can name an
   * object that is deleted, or was an upload in progress, before it is read).
   */
  Optional<byte[]> get(String key) throws IOException;

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
  record RemoteObject(String key, String etag, long size) {
    public RemoteObject {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(etag, "etag");
    }
  }
}
