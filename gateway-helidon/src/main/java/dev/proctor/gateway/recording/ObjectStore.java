package dev.proctor.gateway.recording;

import java.io.IOException;

/** Where finished recording objects go. The production implementation is {@link S3ObjectStore}. */
public interface ObjectStore {
  /**
   * Stores an object, replacing any object under the same key.
   *
   * @throws IOException if the store did not accept it; the caller retries
   */
  void put(String key, byte[] bytes, String contentType) throws IOException;
}
