package dev.proctor.gateway.identity;

import dev.proctor.format.Hashes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens that passed full validation, so the next call with the same token skips the signature
 * check. An entry lives until the token's {@code exp} or {@code maxAge}, whichever is first; keys
 * are SHA-256 digests, so bearer tokens are not kept in the heap. When full, the cache starts over.
 */
final class ValidatedTokens {
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final int maxEntries;
  private final Duration maxAge;

  ValidatedTokens(int maxEntries, Duration maxAge) {
    this.maxEntries = maxEntries;
    this.maxAge = maxAge;
  }

  private record Entry(Caller caller, Instant validUntil) {}

  Optional<Caller> get(String token) {
    String key = key(token);
    Entry entry = entries.get(key);
    if (entry == null) {
      return Optional.empty();
    }
    if (!Instant.now().isBefore(entry.validUntil())) {
      entries.remove(key, entry);
      return Optional.empty();
    }
    return Optional.of(entry.caller());
  }

  void put(String token, Caller caller, Instant expires) {
    if (entries.size() >= maxEntries) {
      entries.clear();
    }
    Instant cap = Instant.now().plus(maxAge);
    entries.put(key(token), new Entry(caller, expires.isBefore(cap) ? expires : cap));
  }

  private static String key(String token) {
    return Hashes.sha256Hex(token.getBytes(StandardCharsets.US_ASCII));
  }
}
