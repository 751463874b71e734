package dev.proctor.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The golden files pin format v1: a change that alters any byte a writer produces, or that a reader
 * accepts, fails here and must be made on purpose (see {@link WriteGoldenFiles}).
 */
class GoldenFilesTest {
  private static final S3Layout LAYOUT = SampleSession.LAYOUT;

  @Test
  void writerProducesTheGoldenLinesByteForByte() throws IOException {
    StringBuilder written = new StringBuilder();
    for (EventChain.Link link : SampleSession.links()) {
      written.append(new String(link.line(), StandardCharsets.UTF_8)).append('\n');
    }
    assertThat(written.toString()).isEqualTo(golden("session.jsonl"));
  }

  @Test
  void everyGoldenLineDecodesAndReencodesToTheSameBytes() throws IOException {
    for (String line : golden("session.jsonl").split("\n")) {
      Event event = EventCodec.decode(line.getBytes(StandardCharsets.UTF_8));
      assertThat(new String(EventCodec.encode(event), StandardCharsets.UTF_8)).isEqualTo(line);
    }
  }

  @Test
  void goldenSegmentsHoldTheGoldenLines() throws IOException {
    List<String> lines = new ArrayList<>();
    for (SessionVerifier.StoredSegment segment : goldenSegments()) {
      Segments.lines(segment.bytes())
          .forEach(l -> lines.add(new String(l, StandardCharsets.UTF_8)));
    }
    assertThat(String.join("\n", lines) + "\n").isEqualTo(golden("session.jsonl"));
  }

  @Test
  void goldenSessionVerifiesWithTheGoldenKey() throws IOException, ParseException {
    JWK key = JWK.parse(golden(LAYOUT.publicKeyKey("golden-2024")));
    SessionVerifier verifier = new SessionVerifier(new ManifestVerifier(new JWKSet(key)));

    Verification result =
        verifier.verify(
            SampleSession.SID,
            goldenSegments(),
            Optional.of(golden(LAYOUT.manifestKey(SampleSession.SID))));

    assertThat(result).isEqualTo(Verification.verified());
  }

  @Test
  void goldenManifestDescribesTheSession() throws IOException, ParseException {
    JWK key = JWK.parse(golden(LAYOUT.publicKeyKey("golden-2024")));
    Manifest manifest =
        new ManifestVerifier(new JWKSet(key)).verify(golden(LAYOUT.manifestKey(SampleSession.SID)));

    assertThat(manifest.events()).isEqualTo(8);
    assertThat(manifest.segments()).extracting(Manifest.Segment::firstSeq).containsExactly(0L, 4L);
    assertThat(manifest.summary().subject()).isEqualTo("alice");
    assertThat(manifest.summary().started()).isEqualTo(SampleSession.START);
  }

  static List<SessionVerifier.StoredSegment> goldenSegments() throws IOException {
    List<SessionVerifier.StoredSegment> segments = new ArrayList<>();
    for (long first : new long[] {0, 4}) {
      String key = LAYOUT.segmentKey(SampleSession.SID, first);
      segments.add(new SessionVerifier.StoredSegment(key, first, goldenBytes(key)));
    }
    return segments;
  }

  static String golden(String name) throws IOException {
    return new String(goldenBytes(name), StandardCharsets.UTF_8);
  }

  static byte[] goldenBytes(String name) throws IOException {
    try (InputStream in = GoldenFilesTest.class.getResourceAsStream("/golden/" + name)) {
      assertThat(in).as("golden file %s", name).isNotNull();
      return in.readAllBytes();
    }
  }
}
