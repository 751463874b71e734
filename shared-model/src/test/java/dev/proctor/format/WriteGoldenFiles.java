package dev.proctor.format;

import com.nimbusds.jose.jwk.ECKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Regenerates the golden files under {@code src/test/resources/golden}. Run it only when the format
 * changes on purpose, and say so in the commit:
 *
 * <pre>
 * ./mvnw -q -pl shared-model test-compile
 * java -cp "shared-model/target/test-classes:shared-model/target/classes:$(cat shared-model/target/runtime-classpath.txt)" \
 *     dev.proctor.format.WriteGoldenFiles shared-model/src/test/resources/golden
 * </pre>
 */
public final class WriteGoldenFiles {
  private WriteGoldenFiles() {}

  public static void main(String[] args) throws IOException {
    Path root = Path.of(args[0]);
    List<EventChain.Link> links = SampleSession.links();
    StringBuilder jsonl = new StringBuilder();
    for (EventChain.Link link : links) {
      jsonl.append(new String(link.line(), StandardCharsets.UTF_8)).append('\n');
    }
    write(root.resolve("session.jsonl"), jsonl.toString().getBytes(StandardCharsets.UTF_8));
    List<byte[]> objects = new ArrayList<>();
    long first = 0;
    for (List<byte[]> lines : SampleSession.segmentLines(links)) {
      byte[] object = Segments.gzip(lines);
      objects.add(object);
      write(root.resolve(SampleSession.LAYOUT.segmentKey(SampleSession.SID, first)), object);
      first += lines.size();
    }
    ECKey key = SampleSession.key("golden-2024");
    ManifestSigner signer = new ManifestSigner(key);
    write(
        root.resolve(SampleSession.LAYOUT.manifestKey(SampleSession.SID)),
        signer.sign(SampleSession.manifest(links, objects)).getBytes(StandardCharsets.US_ASCII));
    write(
        root.resolve(SampleSession.LAYOUT.publicKeyKey(key.getKeyID())),
        signer.publicKey().toJSONString().getBytes(StandardCharsets.UTF_8));
  }

  private static void write(Path path, byte[] bytes) throws IOException {
    Files.createDirectories(path.getParent());
    Files.write(path, bytes);
  }
}
