package dev.proctor.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GitleaksRulesTest {
  private static final Fingerprinter FINGERPRINTS =
      new Fingerprinter("test organisation key 0123456789".getBytes(StandardCharsets.UTF_8));

  @Test
  void importsRegexKeywordsEntropySecretGroupAndAllowlists() {
    GitleaksRules.Import imported =
        GitleaksRules.parse(
            """
            [allowlist]
            stopwords = ["staging"]

            [[rules]]
            id = "acme-api-key"
            description = "ACME API key"
            regex = '''(?i)acme[_-]?key\\s*[:=]\\s*(?P<secret_value>[[:alnum:]]{24})'''
            secretGroup = 1
            entropy = 3.0
            keywords = ["acme"]
            [rules.allowlist]
            regexes = ['''^0+$''']
            """,
            "acme.toml");
    assertThat(imported.problems()).isEmpty();
    SecretScanner scanner =
        new SecretScanner(RuleSet.builtIn().plus(imported.rules()), FINGERPRINTS);

    assertThat(scanner.scan("ACME_KEY=Zq8xR2mP4vL7nT1kW9sY3bH6"))
        .extracting(m -> m.rule().id(), SecretMatch::start)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("acme-api-key", 9));
    assertThat(scanner.scan("acme_key: Zq8xR2mPstagingTkW9sY3bH6")).isEmpty(); // stopword
    assertThat(scanner.scan("acme_key: aaaaaaaaaaaaaaaaaaaaaaaa")).isEmpty(); // entropy
  }

  @Test
  void reportsEveryRuleItCannotHonour() {
    GitleaksRules.Import imported =
        GitleaksRules.parse(
            """
            [extend]
            useDefault = true

            [[rules]]
            id = "ungreedy"
            regex = '''(?U)a+b'''

            [[rules]]
            id = "any-byte"
            regex = '''x\\Cy'''

            [[rules]]
            id = "pkcs12-file"
            path = '''\\.p12$'''

            [[rules]]
            id = "bad-group"
            regex = '''key=(\\w+)'''
            secretGroup = 3

            [[rules]]
            id = "fine"
            regex = '''fine_[a-z]{10}'''
            keywords = ["fine_"]
            """,
            "team.toml");
    assertThat(imported.rules()).extracting(Rule::id).containsExactly("fine");
    assertThat(imported.problems())
        .hasSize(5)
        .anySatisfy(p -> assertThat(p).contains("[extend]"))
        .anySatisfy(p -> assertThat(p).contains("'ungreedy'").contains("ungreedy"))
        .anySatisfy(p -> assertThat(p).contains("'any-byte'").contains("\\C"))
        .anySatisfy(p -> assertThat(p).contains("'pkcs12-file'").contains("path-only"))
        .anySatisfy(p -> assertThat(p).contains("'bad-group'").contains("secretGroup 3"));
  }

  @Test
  void translatesRe2OnlySyntax() throws Exception {
    assertThat(Re2Syntax.toJava("(?P<tok_en>[[:alpha:][:digit:]_]{8})"))
        .isEqualTo("(?<token>[\\p{Alpha}\\p{Digit}_]{8})");
    assertThat(Re2Syntax.toJava("[a-z[]&&x")).isEqualTo("[a-z\\[]&&x");
    assertThat(Re2Syntax.toJava("[&&]")).isEqualTo("[&\\&]");
    assertThat(Re2Syntax.toJava("{literal}")).isEqualTo("\\{literal}");
    assertThat(Re2Syntax.toJava("a{2,}\\v")).isEqualTo("a{2,}\\x0B");
    assertThat(Re2Syntax.toJava("[]a]")).isEqualTo("[\\]a]");
  }

  @Test
  void rulesWithoutKeywordsAreSearchedLineByLine() {
    GitleaksRules.Import imported =
        GitleaksRules.parse(
            """
            [[rules]]
            id = "internal-ticket-secret"
            regex = '''TKT-[0-9]{6}-[A-Z]{6}'''
            """,
            "line.toml");
    SecretScanner scanner = new SecretScanner(RuleSet.of(imported.rules()), FINGERPRINTS);
    String text = "first line\nsee TKT-123456-QWERTY now\nlast";
    assertThat(scanner.mask(text).text()).doesNotContain("TKT-123456");
    StreamingMasker stream = scanner.stream();
    String streamed =
        stream.push("first line\nsee TKT-12")
            + stream.push("3456-QWE")
            + stream.push("RTY now\nla")
            + stream.push("st")
            + stream.finish();
    assertThat(streamed).isEqualTo(scanner.mask(text).text());
  }
}
