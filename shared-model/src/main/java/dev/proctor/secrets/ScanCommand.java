package dev.proctor.secrets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code ./proctor scan [FILE|-] [--json] [--mask] [--rules FILE]}: the scanner on a file or a
 * pipe, like gitleaks'. Exit status 1 when secrets were found (0 with {@code --mask}), 2 on bad
 * usage or a file that cannot be read.
 *
 * <p>Fingerprints use the organisation key ({@code PROCTOR_FINGERPRINT_KEY_FILE}, the gateway's key
 * file, or {@code PROCTOR_FINGERPRINT_KEY}, see {@link Fingerprinter#fromEnvironment}), so that
 * they match the gateway's; without it a development key is used and said so.
 */
public final class ScanCommand {
  static final String DEV_KEY = "proctor development fingerprint key";

  private ScanCommand() {}

  public static void main(String[] args) throws IOException {
    System.exit(
        run(
            args,
            System.in,
            System.out,
            System.err,
            Fingerprinter.fromEnvironment(System.getenv())));
  }

  /**
   * @param stdin read only when the text to scan is {@code -}: a file given by name must not wait
   *     for a terminal's end of input
   */
  static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err, String key)
      throws IOException {
    return run(
        args,
        stdin,
        out,
        err,
        key == null || key.length() < 16
            ? Optional.empty()
            : Optional.of(new Fingerprinter(key.getBytes(StandardCharsets.UTF_8))));
  }

  static int run(
      String[] args,
      InputStream stdin,
      PrintStream out,
      PrintStream err,
      Optional<Fingerprinter> organisationKey)
      throws IOException {
    String file = "-";
    boolean json = false;
    boolean mask = false;
    List<Path> ruleFiles = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--json" -> json = true;
        case "--mask" -> mask = true;
        case "--rules" -> {
          if (++i == args.length) {
            err.println("proctor scan: --rules needs a gitleaks TOML file");
            return 2;
          }
          ruleFiles.add(Path.of(args[i]));
        }
        default -> {
          if (args[i].startsWith("--")) {
            err.println("proctor scan: unknown option " + args[i]);
            return 2;
          }
          file = args[i];
        }
      }
    }
    RuleSet rules = RuleSet.builtIn();
    for (Path rulesFile : ruleFiles) {
      Optional<byte[]> toml = read(rulesFile, err);
      if (toml.isEmpty()) {
        return 2;
      }
      GitleaksRules.Import imported =
          GitleaksRules.parse(new String(toml.get(), StandardCharsets.UTF_8), rulesFile.toString());
      imported.problems().forEach(p -> err.println("proctor scan: " + p));
      rules = rules.plus(imported.rules());
    }
    if (organisationKey.isEmpty()) {
      err.println(
          "proctor scan: PROCTOR_FINGERPRINT_KEY_FILE (or PROCTOR_FINGERPRINT_KEY, 16+ characters)"
              + " is not set; fingerprints use a development key and will not match your"
              + " gateway's");
    }
    SecretScanner scanner =
        new SecretScanner(
            rules,
            organisationKey.orElseGet(
                () -> new Fingerprinter(DEV_KEY.getBytes(StandardCharsets.UTF_8))));
    Optional<byte[]> input =
        file.equals("-") ? Optional.of(stdin.readAllBytes()) : read(Path.of(file), err);
    if (input.isEmpty()) {
      return 2;
    }
    String text = new String(input.get(), StandardCharsets.UTF_8);
    if (mask) {
      out.print(scanner.mask(text).text());
      out.flush();
      return 0;
    }
    List<SecretMatch> matches = scanner.scan(text);
    if (json) {
      ObjectMapper mapper = new ObjectMapper();
      ArrayNode array = mapper.createArrayNode();
      for (SecretMatch m : matches) {
        array
            .addObject()
            .put("file", file)
            .put("start", m.start())
            .put("end", m.end())
            .put("rule", m.rule().id())
            .put("fingerprint", m.fingerprint());
      }
      out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(array));
    } else {
      for (SecretMatch m : matches) {
        out.printf(
            "%s:%d: %s (%s) fingerprint %s%n",
            file, line(text, m.start()), m.rule().id(), m.rule().description(), m.fingerprint());
      }
      err.println(
          "proctor scan: "
              + matches.size()
              + (matches.size() == 1 ? " secret" : " secrets")
              + " found");
    }
    out.flush();
    return matches.isEmpty() ? 0 : 1;
  }

  private static int line(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  /** A named file's bytes, or empty when it cannot be read, which {@code err} is told. */
  private static Optional<byte[]> read(Path file, PrintStream err) {
    try {
      return Optional.of(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      err.println("proctor scan: " + file + ": no such file");
    } catch (AccessDeniedException e) {
      err.println("proctor scan: " + file + ": permission denied");
    } catch (IOException e) {
      err.println("proctor scan: " + file + ": cannot be read: " + e.getMessage());
    }
    return Optional.empty();
  }
}
