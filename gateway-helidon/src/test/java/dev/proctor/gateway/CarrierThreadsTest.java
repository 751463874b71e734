package dev.proctor.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CarrierThreadsTest {
  private final String before = System.getProperty(Main.CARRIERS);

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty(Main.CARRIERS);
    } else {
      System.setProperty(Main.CARRIERS, before);
    }
  }

  @Test
  void oneCarrierPerTwoProcessorsAndAtLeastOne() {
    System.clearProperty(Main.CARRIERS);
    Main.limitCarrierThreads();
    int expected = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    assertThat(System.getProperty(Main.CARRIERS)).isEqualTo(Integer.toString(expected));
  }

  @Test
  void anOperatorsChoiceIsKept() {
    System.setProperty(Main.CARRIERS, "7");
    Main.limitCarrierThreads();
    assertThat(System.getProperty(Main.CARRIERS)).isEqualTo("7");
  }
}
