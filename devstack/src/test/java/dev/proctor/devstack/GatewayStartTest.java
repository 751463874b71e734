package dev.proctor.devstack;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proctor.gateway.Gateway;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A gateway that cannot listen says so and stops, instead of running without listeners. */
class GatewayStartTest {
  @TempDir Path dir;

  @Test
  void aPortAnotherProcessHoldsStopsTheStartNamingThePortAndItsSetting() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        EmbeddedS3 s3 = EmbeddedS3.start(dir.resolve("s3"), 0, DevStack.BUCKET, "id", "secret");
        DevIdp idp = DevIdp.start(0);
        ModelSimulator simulator =
            ModelSimulator.start(0, DevStack.SIMULATOR_API_KEY, Duration.ZERO)) {
      DevStack.Options free = DevStack.Options.ephemeral(dir.resolve("stack"));
      DevStack.Options onATakenPort =
          new DevStack.Options(
              free.dataDir(),
              free.gatewayPort(),
              taken.getLocalPort(),
              free.s3Port(),
              free.idpPort(),
              free.simulatorPort(),
              free.tokenDelay(),
              free.idleTimeout(),
              free.segmentMaxAge(),
              free.masking(),
              free.access());

      assertThatThrownBy(
              () -> Gateway.start(DevStack.gatewayConfig(onATakenPort, s3, idp, simulator)))
          .isInstanceOf(IOException.class)
          .hasMessage(
              "cannot listen on 127.0.0.1:"
                  + taken.getLocalPort()
                  + " (proctor.admin-port): another process is listening there");
    }
  }
}
