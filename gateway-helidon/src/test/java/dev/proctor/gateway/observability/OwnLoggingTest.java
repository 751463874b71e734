package dev.proctor.gateway.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.logging.common.spi.LoggingProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class OwnLoggingTest {
  @Test
  void helidonFindsTheGatewaysOwnLoggingSetUp() {
    assertThat(ServiceLoader.load(LoggingProvider.class))
        .hasExactlyElementsOfTypes(OwnLogging.class);
  }
}
