package dev.proctor.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proctor.secrets.FakeSecrets.Context;
import dev.proctor.secrets.FakeSecrets.Plant;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SecretScannerTest {
  static final SecretScanner SCANNER =
      new SecretScanner(
          RuleSet.builtIn(),
          new Fingerprinter("test organisation key 0123456789".getBytes(StandardCharsets.UTF_8)));

  @Test
  void everyBuiltInRuleHasAGeneratorAndEveryGeneratorARule() {
    assertThat(FakeSecrets.rules())
        .containsExactlyInAnyOrderElementsOf(
            RuleSet.builtIn().rules().stream().map(Rule::id).toList());
  }

  /**
   * Each rule's fake secrets, in each of the 15 contexts, 10 seeds each: the rule finds the secret
   * and masking removes it.
   */
  @Test
  void findsEveryRulesSecretsInEveryContext() {
    Random random = new Random(20261124);
    int planted = 0;
    List<String> missed = new ArrayList<>();
    for (String rule : FakeSecrets.rules()) {
      for (Context context : Context.values()) {
        for (int seed = 0; seed < 10; seed++) {
          Plant plant = FakeSecrets.plant(rule, random);
          String text = context.render(plant);
          Masked masked = SCANNER.mask(text);
          planted++;
          boolean found = masked.matches().stream().anyMatch(m -> m.rule().id().equals(rule));
          if (!found || masked.text().contains(probe(plant.secret()))) {
            missed.add(rule + " in " + context + ": " + text);
          }
        }
      }
    }
    double recall = 1 - (double) missed.size() / planted;
    System.out.printf(
        "recall %.4f over %d planted secrets (%d missed)%n", recall, planted, missed.size());
    assertThat(Context.values()).hasSizeGreaterThanOrEqualTo(15);
    assertThat(recall)
        .as(
            "recall over %d planted secrets; missed: %s",
            planted, missed.stream().limit(5).toList())
        .isGreaterThanOrEqualTo(0.99);
  }

  @Test
  void aCandidateKeyFindsTheFingerprintItWasRecordedUnder() {
    Random random = new Random(12);
    String token = FakeSecrets.github(random, "ghp_");
    String password = FakeSecrets.s(random, FakeSecrets.ALNUM, 16);
    String answer = "Use " + token + " with postgres://app:" + password + "@db:5432/app now.";
    List<String> recorded = SCANNER.scan(answer).stream().map(SecretMatch::fingerprint).toList();

    assertThat(recorded).hasSize(2);
    assertThat(SCANNER.fingerprintsOf("  " + token + "\n")).contains(recorded.get(0));
    assertThat(SCANNER.fingerprintsOf("postgres://app:" + password + "@db:5432/app"))
        .contains(recorded.get(1));
    assertThat(SCANNER.fingerprintsOf(password)).contains(recorded.get(1));
    assertThat(SCANNER.fingerprintsOf("ghp_notthetoken")).doesNotContainAnyElementsOf(recorded);
  }

  @Test
  void masksWithRuleAndFingerprintPrefix() {
    String token = FakeSecrets.github(new Random(7), "ghp_");
    Masked masked = SCANNER.mask("export GITHUB_TOKEN=" + token + "\n");
    SecretMatch match = masked.matches().getFirst();
    assertThat(match.rule().id()).isEqualTo("github-pat");
    assertThat(match.fingerprint()).isEqualTo(SCANNER.fingerprinter().of(token)).hasSize(32);
    assertThat(masked.text())
        .isEqualTo(
            "export GITHUB_TOKEN=[MASKED:github-pat:"
                + match.fingerprint().substring(0, 8)
                + "]\n");
  }

  @Test
  void wrongChecksumsPlaceholdersAndDocumentationKeysAreNotSecrets() {
    Random random = new Random(99);
    List<String> negatives = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      for (String prefix : List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "npm_")) {
        String valid = FakeSecrets.github(random, prefix);
        char last = valid.charAt(valid.length() - 1);
        String wrong = valid.substring(0, valid.length() - 1) + (last == 'a' ? 'b' : 'a');
        negatives.add("TOKEN=" + wrong);
        negatives.add("TOKEN=" + prefix + FakeSecrets.s(random, FakeSecrets.ALNUM, 36));
      }
    }
    negatives.addAll(
        List.of(
            "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
            "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "OPENAI_API_KEY=sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "api_key = \"<YOUR_API_KEY>\"",
            "password: ${DB_PASSWORD}",
            "token = \"{{ .Values.token }}\"",
            "password=changeme-in-production",
            "client_secret = \"********************\"",
            "DATABASE_URL=postgres://app:${DB_PASS}@db:5432/app",
            "https://user:<password>@example.com/",
            "api_key = \"[MASKED:generic-secret:3f9a1c2e]\"",
            "STRIPE_KEY=sk_live_EXAMPLEKEYEXAMPLEKEYEXAMPLE"));
    for (int i = 0; i < 50; i++) {
      negatives.add("id: " + java.util.UUID.nameUUIDFromBytes(new byte[] {(byte) i}));
      negatives.add("commit " + FakeSecrets.s(random, FakeSecrets.HEX, 40));
      negatives.add(
          "\"integrity\": \"sha512-"
              + FakeSecrets.s(random, FakeSecrets.ALNUM + "+/", 86)
              + "==\"");
      negatives.add(
          "![logo](data:image/png;base64,iVBORw0KGgo"
              + FakeSecrets.s(random, FakeSecrets.ALNUM + "+/", 400)
              + "=)");
    }
    negatives.add(
        """
        public String token(String password) {
          String secret = passwordEncoder.encode(password);
          return tokenService.issue(user.getId(), secret);
        }
        """);
    // Code that assigns to a field named like a secret (found in the JDK's sources by the
    // side-by-side benchmark with gitleaks): identifiers, member chains, property names.
    negatives.add(
        """
        this.pubCredentials = Collections.synchronizedSet(pubCredentials);
        currentServerCredentials = serverAuthentication;
        this.signerPrivateKey = signerPrivateKey;
        for (SSLCredentials credential : chc.handshakeCredentials) {
        byte[] kPkePrivateKey = kPkeKeyPair.privateKey.keyBytes;
        PrivateKey privateKey = P11Key.privateKey
        startToken = BRACKET_OPEN;
        supportsRawSecretKeyImport = Boolean.TRUE;
        String SECURITY_CREDENTIALS = "java.naming.security.credentials";
        * hashedPassword = base64_encoded_64_byte_salt
        """);
    List<String> reported =
        negatives.stream().filter(text -> !SCANNER.scan(text).isEmpty()).toList();
    assertThat(reported).isEmpty();
  }

  /**
   * Hostile input costs time in proportion to its size. The check is relative, eight times the
   * input against the input, so a slow or busy machine does not fail it: linear scanning gives
   * about 8 (up to ~20 with the garbage collector's share on a busy 2-core machine), quadratic
   * about 64, catastrophic backtracking far more. A loose absolute ceiling stays as a backstop.
   */
  @Test
  void hostileInputIsScannedInLinearTime() {
    record Hostile(String head, String unit, int count, String tail) {
      String times(int n) {
        return head + unit.repeat(n) + tail;
      }
    }
    List<Hostile> hostile =
        List.of(
            new Hostile("", "password=", 120_000, ""),
            new Hostile("", "ghp_", 250_000, ""),
            new Hostile("-----BEGIN PRIVATE KEY-----\n", "A", 1_000_000, ""),
            new Hostile("eyJ", "a", 1_000_000, ""),
            new Hostile("https://", "u", 500_000, ":" + "p".repeat(1_000)),
            new Hostile("sk-proj-", "a", 1_000_000, ""),
            new Hostile("postgres://", ":", 1_000_000, ""),
            new Hostile("token: ", "a-", 500_000, ""));
    for (Hostile h : hostile) {
      String small = h.times(h.count() / 8);
      String big = h.times(h.count());
      double smallSeconds = fastestScan(small);
      double bigSeconds = fastestScan(big);
      assertThat(bigSeconds / Math.max(smallSeconds, 1e-3))
          .as("time for 8× the input, on %s...", big.substring(0, 20))
          .isLessThan(24.0);
      assertThat(bigSeconds / (big.length() / 1e6))
          .as("seconds per MB on %s...", big.substring(0, 20))
          .isLessThan(10.0);
    }
  }

  private static double fastestScan(String text) {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      SCANNER.scan(text);
      best = Math.min(best, (System.nanoTime() - start) / 1e9);
    }
    return best;
  }

  @Test
  void findsEachOfSeveralSecretsOnceEvenWhenRulesOverlap() {
    Random random = new Random(5);
    String pat = FakeSecrets.github(random, "ghp_");
    String aws = "AKIA" + FakeSecrets.s(random, FakeSecrets.BASE32, 16);
    String text = "GITHUB_TOKEN=" + pat + "\napi_key=" + aws + "\n";
    Set<String> rules = new TreeSet<>();
    SCANNER.scan(text).forEach(m -> rules.add(m.rule().id()));
    assertThat(rules).containsExactly("aws-access-key-id", "github-pat");
    assertThat(SCANNER.scan(text)).hasSize(2);
  }

  /** A piece of the secret that identifies it: 12 characters from its middle, on one line. */
  static String probe(String secret) {
    String longest = "";
    for (String line : secret.split("\n")) {
      if (line.length() > longest.length()) {
        longest = line;
      }
    }
    int middle = longest.length() / 2;
    return longest.substring(Math.max(0, middle - 6), Math.min(longest.length(), middle + 6));
  }
}
