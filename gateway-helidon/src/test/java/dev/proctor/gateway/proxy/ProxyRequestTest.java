package dev.proctor.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proctor.format.ApiKind;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProxyRequestTest {
  @Test
  void aTruncatedBodyIsRefusedWithWhereItEnds() {
    assertThatThrownBy(() -> parse("{\"model\":\"sim-1\",\"messages\":["))
        .isInstanceOf(ProxyRequest.MalformedRequestException.class)
        .hasMessage(
            "The request body is not valid JSON: Unexpected end-of-input: expected close marker"
                + " for Array at line 1, column 30.");
  }

  @Test
  void aSecondValueAfterTheBodyIsRefused() {
    // The gateway would check the first object; an upstream might read the second.
    assertThatThrownBy(
            () ->
                parse(
                    "{\"model\":\"sim-1\",\"messages\":[]}\n"
                        + "{\"messages\":[{\"role\":\"user\",\"content\":\"AKIAZ7Q2MDK4RTSLW3XF\"}]}"))
        .hasMessage(
            "The request body must be one JSON object that names each field once: Trailing token"
                + " (of type START_OBJECT) found after value at line 2, column 1.");
  }

  @Test
  void aFieldNamedTwiceIsRefused() {
    // Jackson keeps the last "messages"; a parser that keeps the first would send the unchecked
    // one.
    assertThatThrownBy(
            () ->
                parse(
                    "{\"messages\":[{\"role\":\"user\",\"content\":\"AKIAZ7Q2MDK4RTSLW3XF\"}],"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}"))
        .hasMessage(
            "The request body must be one JSON object that names each field once: Duplicate"
                + " field 'messages' at line 1, column 75.");
  }

  @Test
  void aBodyWithTrailingWhitespaceIsOneValue() throws Exception {
    ProxyRequest request = parse("{\"model\":\"sim-1\",\"stream\":true}\r\n  ");

    assertThat(request.model()).hasValue("sim-1");
    assertThat(request.stream()).isTrue();
  }

  private static ProxyRequest parse(String body) throws ProxyRequest.MalformedRequestException {
    return ProxyRequest.parse(ApiKind.OPENAI_CHAT, body.getBytes(StandardCharsets.UTF_8), true);
  }
}
