package dev.proctor.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The config reference (docs/gateway-config.md) documents exactly the keys the gateway reads. */
class ConfigReferenceTest {
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");

  @Test
  void everyKeyIsDocumentedAndEveryDocumentedKeyIsRead() throws Exception {
    Set<String> documented = new TreeSet<>();
    for (String line : Files.readAllLines(Path.of("../docs/gateway-config.md"))) {
      if (line.startsWith("| `proctor.")) {
        documented.addAll(keysOfCell(line.split("\\|")[1]));
      }
    }
    Set<String> schema = new TreeSet<>();
    ConfigSchema.KEYS.forEach(
        k -> schema.add(k.endsWith(".*") ? k.substring(0, k.length() - 2) : k));

    assertThat(schema).as("keys the gateway reads, missing from the docs").isSubsetOf(documented);
    assertThat(documented).as("documented keys the gateway does not read").isSubsetOf(schema);
  }

  /**
   * The keys of a table cell: {@code `a.b.env` / `.file`} names {@code a.b.env} and {@code
   * a.b.file}; a short form replaces the first key's last part.
   */
  private static List<String> keysOfCell(String cell) {
    List<String> keys = new ArrayList<>();
    Matcher m = CODE.matcher(cell);
    String first = null;
    while (m.find()) {
      String token = m.group(1);
      if (first == null) {
        first = token;
        keys.add(token);
      } else {
        String part = token.startsWith(".") ? token.substring(1) : token;
        keys.add(first.substring(0, first.lastIndexOf('.') + 1) + part);
      }
    }
    return keys;
  }
}
