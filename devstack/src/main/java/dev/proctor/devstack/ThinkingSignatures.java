package dev.proctor.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The simulator's signatures over its extended-thinking text, checked when a conversation sends a
 * thinking block back, as Anthropic's API checks its own: a block whose text was altered on the way
 * (by a proxy that masked it, say) fails the next call.
 */
final class ThinkingSignatures {
  private final SecretKeySpec key;

  ThinkingSignatures() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    this.key = new SecretKeySpec(secret, "HmacSHA256");
  }

  String sign(String thinking) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(thinking.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /**
   * Where the first thinking block of a Messages request that does not match its signature is, in
   * Anthropic's notation ({@code messages.1.content.0}).
   */
  Optional<String> firstAltered(JsonNode request) {
    JsonNode messages = request.path("messages");
    for (int m = 0; m < messages.size(); m++) {
      JsonNode content = messages.get(m).path("content");
      for (int c = 0; c < content.size(); c++) {
        JsonNode block = content.get(c);
        if (block.path("type").asText().equals("thinking")
            && !sign(block.path("thinking").asText()).equals(block.path("signature").asText())) {
          return Optional.of("messages." + m + ".content." + c);
        }
      }
    }
    return Optional.empty();
  }
}
