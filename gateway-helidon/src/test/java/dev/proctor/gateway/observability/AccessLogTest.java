package dev.proctor.gateway.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccessLogTest {
  @Test
  void usualSubjectsAreWrittenAsTheyAre() {
    assertThat(AccessLog.value("alice")).isEqualTo("alice");
    assertThat(AccessLog.value("alice@example.com")).isEqualTo("alice@example.com");
    assertThat(AccessLog.value("repo:acme/api:ref:refs/heads/main"))
        .isEqualTo("repo:acme/api:ref:refs/heads/main");
  }

  @Test
  void aSubjectThatCouldSplitTheLineOrForgeAKeyIsQuoted() {
    assertThat(AccessLog.value("Alice Smith")).isEqualTo("\"Alice Smith\"");
    assertThat(AccessLog.value("x status=200\nexchange sid=forged"))
        .isEqualTo("\"x status=200\\u000aexchange sid=forged\"");
    assertThat(AccessLog.value("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    assertThat(AccessLog.value("line\u2028next")).isEqualTo("\"line\\u2028next\"");
    assertThat(AccessLog.value("")).isEqualTo("\"\"");
  }
}
