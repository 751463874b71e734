package dev.proctor.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HeaderFieldTest {
  @Test
  void aValueWithALineBreakCannotSmuggleAnotherHeader() {
    assertThatThrownBy(() -> new HeaderField("x-api-key", "key\r\nX-Injected: yes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the value of header x-api-key holds a line break")
        .hasMessageNotContaining("key\r\n");
  }

  @Test
  void aNameMustBeAToken() {
    assertThatThrownBy(() -> new HeaderField("bad name", "v"))
        .hasMessage("not a valid header name: 'bad name'");
    assertThatThrownBy(() -> new HeaderField("a:b", "v"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void namesCompareWithoutCase() {
    HeaderField field = new HeaderField("Content-Type", "application/json; charset=utf-8");
    assertThat(field.is("content-type")).isTrue();
    assertThat(field.is("content-length")).isFalse();
  }
}
