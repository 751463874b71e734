package dev.proctor.review.access;

import dev.proctor.access.AccessRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;

/** The gateway's admin API as the inbox uses it, with the signed-in approver's token. */
public interface AccessSource {

  /**
   * Follows the change feed: every visible request, then each again when it changes.
   *
   * @param onOpen called once the gateway has accepted the feed
   * @param onError called once when the feed ends other than by {@link AutoCloseable#close}
   * @return closes the feed
   */
  AutoCloseable follow(
      Runnable onOpen, Consumer<AccessRequest> onChange, Consumer<Exception> onError);

  /**
   * @param duration how long the grant lasts; zero for what the requester asked for
   */
  AccessRequest approve(String id, Duration duration, String reason)
      throws IOException, InterruptedException;

  AccessRequest deny(String id, String reason) throws IOException, InterruptedException;

  AccessRequest revoke(String id, String reason) throws IOException, InterruptedException;
}
