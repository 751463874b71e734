package dev.proctor.format;

import java.util.Arrays;

/** Shared lookup for enums whose JSON form is a fixed wire name such as {@code openai.chat}. */
final class WireEnum {
  private WireEnum() {}

  interface Named {
    String wireName();
  }

  static <E extends Enum<E> & Named> E parse(Class<E> type, String wireName) {
    return Arrays.stream(type.getEnumConstants())
        .filter(e -> e.wireName().equals(wireName))
        .findFirst()
        .orElseThrow(
            () ->
                new FormatException(
                    type.getSimpleName()
                        + ": "
                        + wireName
                        + " (expected one of "
                        + Arrays.stream(type.getEnumConstants()).map(Named::wireName).toList()
                        + ")"));
  }
}
