package dev.proctor.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proctor.secrets.FakeSecrets.Context;
import dev.proctor.secrets.FakeSecrets.Plant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The streaming property: however a text is split, the released pieces concatenate to the masking
 * of the whole text, and no secret (nor 8 characters of one) is released.
 */
class StreamingMaskerTest {
  private static final SecretScanner SCANNER = SecretScannerTest.SCANNER;

  /** A corpus of answers: prose and code with every rule's secrets in every context. */
  static List<String> corpus(Random random, int texts) {
    List<String> rules = FakeSecrets.rules();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < texts; i++) {
      StringBuilder text = new StringBuilder("Sure — here is what I changed. Ünïcödé ✓ 🚀\n\n");
      for (int j = 0; j < 3; j++) {
        Plant plant = FakeSecrets.plant(rules.get(random.nextInt(rules.size())), random);
        Context context = Context.values()[random.nextInt(Context.values().length)];
        text.append(context.render(plant)).append("\n\nThe token and password handling is fine.\n");
      }
      out.add(text.toString());
    }
    return out;
  }

  @Test
  void tenThousandRandomSplitsEqualWholeTextMaskingAndLeakNothing() {
    Random random = new Random(424242);
    List<String> corpus = corpus(random, 200);
    int splits = 0;
    for (int round = 0; round < 50; round++) {
      for (String text : corpus) {
        Masked whole = SCANNER.mask(text);
        String streamed = stream(text, randomPieces(text, random));
        assertThat(streamed).as("split %d of %s", splits, text).isEqualTo(whole.text());
        splits++;
      }
    }
    assertThat(splits).isGreaterThanOrEqualTo(10_000);
  }

  @Test
  void oneCharacterPerEventAndEveryCutPointEqualWholeTextMasking() {
    Random random = new Random(77);
    for (String text : corpus(random, 20)) {
      Masked whole = SCANNER.mask(text);
      String[] chars = text.chars().mapToObj(c -> String.valueOf((char) c)).toArray(String[]::new);
      assertThat(stream(text, Arrays.asList(chars))).isEqualTo(whole.text());
      for (int cut = 0; cut <= text.length(); cut += 7) {
        assertThat(stream(text, List.of(text.substring(0, cut), text.substring(cut))))
            .isEqualTo(whole.text());
      }
    }
  }

  @Test
  void neverReleasesEightCharactersOfASecret() {
    Random random = new Random(31337);
    for (String rule : FakeSecrets.rules()) {
      Plant plant = FakeSecrets.plant(rule, random);
      String text = "The key is " + plant.name() + "=" + plant.value() + " and that is all.";
      StreamingMasker masker = SCANNER.stream();
      StringBuilder released = new StringBuilder();
      for (int i = 0; i < text.length(); i++) {
        released.append(masker.push(text.substring(i, i + 1)));
        assertThat(leaksPrefix(released, plant.secret()))
            .as("%s released %s", rule, released)
            .isFalse();
      }
      released.append(masker.finish());
      assertThat(leaksPrefix(released, plant.secret())).isFalse();
    }
  }

  @Test
  void cleanTextIsHeldBackOnlyAsLongAsItCouldStartAKeyword() {
    StreamingMasker masker = SCANNER.stream();
    assertThat(masker.push("The build is green. ")).isEqualTo("The build is green. ");
    assertThat(masker.heldBack()).isZero();
    assertThat(masker.push("Next, gh")).isEqualTo("Next, ");
    assertThat(masker.heldBack()).isEqualTo(2);
    // a word in progress could still be the start of a token whose keyword comes later
    // (Terraform's "<14 alphanumerics>.atlasv1."), so it is held until it ends
    assertThat(masker.push("ost town")).isEqualTo("ghost ");
    assertThat(masker.heldBack()).isEqualTo(4);
    assertThat(masker.push("! ")).isEqualTo("town! ");
    assertThat(masker.heldBack()).isZero();
  }

  private static boolean leaksPrefix(CharSequence released, String secret) {
    int assignment = released.toString().indexOf('=');
    if (assignment < 0) {
      return false; // only the variable's name so far
    }
    String value = released.toString().substring(assignment + 1);
    String withoutMasks = value.replaceAll("\\[MASKED:[^\\]]*]", "");
    return withoutMasks.contains(secret.substring(0, 8));
  }

  static String stream(String text, List<String> pieces) {
    StreamingMasker masker = SCANNER.stream();
    StringBuilder out = new StringBuilder();
    for (String piece : pieces) {
      out.append(masker.push(piece));
    }
    return out.append(masker.finish()).toString();
  }

  static List<String> randomPieces(String text, Random random) {
    List<String> pieces = new ArrayList<>();
    int at = 0;
    while (at < text.length()) {
      int size = random.nextInt(4) == 0 ? 1 : 1 + random.nextInt(24);
      int end = Math.min(text.length(), at + size);
      pieces.add(text.substring(at, end));
      at = end;
    }
    return pieces;
  }
}
