package dev.proctor.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionVerifierTest {
  private static final ECKey KEY = SampleSession.key("test-key");
  private final ManifestSigner signer = new ManifestSigner(KEY);
  private final SessionVerifier verifier =
      new SessionVerifier(new ManifestVerifier(new JWKSet(KEY.toPublicJWK())));
  private final List<EventChain.Link> links = SampleSession.links();

  @Test
  void intactClosedSessionIsVerified() {
    List<List<byte[]>> lines = SampleSession.segmentLines(links);
    assertThat(verify(lines, true)).isEqualTo(Verification.verified());
  }

  @Test
  void sessionWithoutManifestIsOpen() {
    List<List<byte[]>> lines = SampleSession.segmentLines(links);
    assertThat(verify(lines, false)).isEqualTo(Verification.open());
  }

  @Test
  void editedEventBreaksTheManifestDigest() {
    List<List<byte[]>> lines = mutable(SampleSession.segmentLines(links));
    List<SessionVerifier.StoredSegment> segments = objects(lines);
    String manifest = signer.sign(SampleSession.manifest(links, bytes(segments)));
    lines.get(0).set(1, edit(lines.get(0).get(1)));

    Verification result = verifier.verify(SampleSession.SID, objects(lines), Optional.of(manifest));

    assertThat(result.toString())
        .isEqualTo(
            "broken: segment "
                + SampleSession.LAYOUT.segmentKey(SampleSession.SID, 0)
                + " does not match its manifest digest");
  }

  @Test
  void editedEventBreaksTheChainOfAnOpenSession() {
    List<List<byte[]>> lines = mutable(SampleSession.segmentLines(links));
    lines.get(0).set(1, edit(lines.get(0).get(1)));

    assertThat(verify(lines, false).toString())
        .isEqualTo("broken: seq 2: prev does not match the hash of seq 1");
  }

  @Test
  void removedEventIsReported() {
    List<List<byte[]>> lines = mutable(SampleSession.segmentLines(links));
    lines.get(1).remove(1);

    assertThat(verify(lines, false).toString()).isEqualTo("broken: expected seq 5, found seq 6");
  }

  @Test
  void reorderedEventsAreReported() {
    List<List<byte[]>> lines = mutable(SampleSession.segmentLines(links));
    byte[] second = lines.get(0).remove(2);
    lines.get(0).add(1, second);

    assertThat(verify(lines, false).toString()).isEqualTo("broken: expected seq 1, found seq 2");
  }

  @Test
  void missingSegmentIsReportedWithAndWithoutManifest() {
    List<SessionVerifier.StoredSegment> all = objects(SampleSession.segmentLines(links));
    String manifest = signer.sign(SampleSession.manifest(links, bytes(all)));
    List<SessionVerifier.StoredSegment> first = List.of(all.getFirst());
    List<SessionVerifier.StoredSegment> second = List.of(all.getLast());

    assertThat(verifier.verify(SampleSession.SID, first, Optional.of(manifest)).toString())
        .isEqualTo("broken: segment " + all.getLast().key() + " is missing");
    assertThat(verifier.verify(SampleSession.SID, second, Optional.empty()).toString())
        .isEqualTo(
            "broken: events missing: expected seq 0, segment "
                + all.getLast().key()
                + " starts at 4");
  }

  @Test
  void manifestSignedByAnUnknownKeyIsBroken() {
    List<SessionVerifier.StoredSegment> all = objects(SampleSession.segmentLines(links));
    String forged =
        new ManifestSigner(SampleSession.key("intruder"))
            .sign(SampleSession.manifest(links, bytes(all)));

    assertThat(verifier.verify(SampleSession.SID, all, Optional.of(forged)).toString())
        .isEqualTo("broken: manifest signed by unknown key intruder");
  }

  @Test
  void manifestSignedByAnotherKeyUnderATrustedKidIsBroken() {
    List<SessionVerifier.StoredSegment> all = objects(SampleSession.segmentLines(links));
    String forged =
        new ManifestSigner(SampleSession.key("test-key"))
            .sign(SampleSession.manifest(links, bytes(all)));

    assertThat(verifier.verify(SampleSession.SID, all, Optional.of(forged)).toString())
        .isEqualTo("broken: manifest signature does not verify with key test-key");
  }

  @Test
  void truncatedSessionUnderAValidManifestIsBroken() {
    List<List<byte[]>> lines = mutable(SampleSession.segmentLines(links));
    List<SessionVerifier.StoredSegment> all = objects(lines);
    String manifest = signer.sign(SampleSession.manifest(links, bytes(all)));
    List<SessionVerifier.StoredSegment> extra = new ArrayList<>(all);
    extra.add(
        new SessionVerifier.StoredSegment(
            SampleSession.LAYOUT.segmentKey(SampleSession.SID, 8), 8, all.getLast().bytes()));

    assertThat(verifier.verify(SampleSession.SID, extra, Optional.of(manifest)).toString())
        .isEqualTo(
            "broken: segment "
                + SampleSession.LAYOUT.segmentKey(SampleSession.SID, 8)
                + " is not in the manifest");
  }

  private Verification verify(List<List<byte[]>> lines, boolean withManifest) {
    List<SessionVerifier.StoredSegment> segments = objects(lines);
    Optional<String> manifest =
        withManifest
            ? Optional.of(signer.sign(SampleSession.manifest(links, bytes(segments))))
            : Optional.empty();
    return verifier.verify(SampleSession.SID, segments, manifest);
  }

  private static List<SessionVerifier.StoredSegment> objects(List<List<byte[]>> lines) {
    List<SessionVerifier.StoredSegment> objects = new ArrayList<>();
    long first = 0;
    for (List<byte[]> segment : lines) {
      objects.add(
          new SessionVerifier.StoredSegment(
              SampleSession.LAYOUT.segmentKey(SampleSession.SID, first),
              first,
              Segments.gzip(segment)));
      first += 4; // keys keep the original layout even when a test removes a line
    }
    return objects;
  }

  private static List<byte[]> bytes(List<SessionVerifier.StoredSegment> segments) {
    return segments.stream().map(SessionVerifier.StoredSegment::bytes).toList();
  }

  private static List<List<byte[]>> mutable(List<List<byte[]>> lines) {
    List<List<byte[]>> copy = new ArrayList<>();
    lines.forEach(l -> copy.add(new ArrayList<>(l)));
    return copy;
  }

  private static byte[] edit(byte[] line) {
    String text = new String(line, StandardCharsets.UTF_8);
    return text.replace("Say hello", "Say hellO").getBytes(StandardCharsets.UTF_8);
  }
}
