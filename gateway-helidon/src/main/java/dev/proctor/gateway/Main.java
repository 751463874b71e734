package dev.proctor.gateway;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.nio.file.Path;

/** {@code ./proctor gateway --config FILE}: runs the production gateway until stopped. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2 || !args[0].equals("--config")) {
      System.err.println("usage: proctor gateway --config FILE");
      System.exit(2);
    }
    Config config = Config.just(ConfigSources.file(Path.of(args[1])));
    Gateway gateway = Gateway.start(GatewayConfig.from(config));
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    gateway.close();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }));
    System.out.println(
        "proctor gateway listening on port "
            + gateway.port()
            + ", admin on "
            + gateway.adminPort());
  }
}
