package dev.proctor.gateway.observability;

import io.helidon.logging.common.spi.LoggingProvider;

/**
 * Tells Helidon that the gateway sets up {@code java.util.logging} itself ({@link ConsoleLog}), so
 * that Helidon neither configures logging nor prints, at every start, that it found nothing to
 * configure it with.
 */
public final class OwnLogging implements LoggingProvider {
  @Override
  public void initialization() {}

  @Override
  public void runTime() {}
}
