package dev.proctor.gateway.recording;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * An object store in memory that can be "down", for unit tests of the spool and what writes through
 * it. Our own seam, faked; the integration tests use s3proxy.
 */
public final class MemoryStore implements ObjectStore {
  public final Map<String, byte[]> objects = new ConcurrentSkipListMap<>();
  public volatile boolean down;

  @Override
  public void put(String key, byte[] bytes, String contentType) throws IOException {
    if (down) {
      throw new IOException("store is down");
    }
    objects.put(key, bytes);
  }
}
