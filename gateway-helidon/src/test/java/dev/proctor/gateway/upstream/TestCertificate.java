package dev.proctor.gateway.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate made by the JDK's {@code keytool}: the server's TLS context presents
 * it, the client's trusts it (and nothing else).
 */
record TestCertificate(SSLContext server, SSLContext client) {
  private static final char[] PASSWORD = "changeit".toCharArray();
  private static TestCertificate localhost;

  /** One certificate for {@code localhost} (and no other name), issued once per test run. */
  static synchronized TestCertificate localhost() throws Exception {
    if (localhost == null) {
      Path dir = Files.createTempDirectory("proctor-tls");
      dir.toFile().deleteOnExit();
      localhost = issue(dir, "dns:localhost");
    }
    return localhost;
  }

  /**
   * @param subjectAltNames as keytool's {@code -ext SAN=} takes them, e.g. {@code
   *     dns:localhost,ip:127.0.0.1}
   */
  static TestCertificate issue(Path dir, String subjectAltNames)
      throws IOException, InterruptedException, GeneralSecurityException {
    Path store = Files.createTempFile(dir, "tls", ".p12");
    Files.delete(store);
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "upstream",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=test upstream",
                "-ext",
                "SAN=" + subjectAltNames,
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                new String(PASSWORD))
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes());
    if (keytool.waitFor() != 0) {
      throw new IOException("keytool failed: " + output);
    }
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, PASSWORD);
    }
    Files.delete(store); // held in memory from here on
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, PASSWORD);
    SSLContext server = SSLContext.getInstance("TLS");
    server.init(keyManagers.getKeyManagers(), null, null);

    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("upstream", keys.getCertificate("upstream"));
    TrustManagerFactory trustManagers =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trusted);
    SSLContext client = SSLContext.getInstance("TLS");
    client.init(null, trustManagers.getTrustManagers(), null);
    return new TestCertificate(server, client);
  }
}
