package dev.proctor.index;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.List;

/** Reads a trust anchor: a JWK set file, or a file holding one JWK. Private parts are dropped. */
final class TrustAnchor {
  private TrustAnchor() {}

  static JWKSet read(Path file) throws IOException {
    String text = Files.readString(file);
    try {
      List<JWK> keys =
          text.contains("\"keys\"") ? JWKSet.parse(text).getKeys() : List.of(JWK.parse(text));
      return new JWKSet(keys.stream().map(JWK::toPublicJWK).toList());
    } catch (ParseException e) {
      throw new IOException(
          "trusted_keys " + file + ": not a JWK set or JWK (" + e.getMessage() + ")", e);
    }
  }
}
