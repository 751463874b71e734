package dev.proctor.gateway.recording;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proctor.format.Json;
import dev.proctor.format.Manifest;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a session's spool folder must remember once its segments have left for S3, so that a restart
 * can finish the session: its header ({@code session.json}) and one line per sealed segment ({@code
 * segments.jsonl}) with the chain's last hash, the exchanges begun so far and those still without
 * an end.
 */
final class SpoolJournal {
  static final String HEADER = "session.json";
  static final String SEGMENTS = "segments.jsonl";

  private SpoolJournal() {}

  /** The session facts the manifest summary needs. */
  record Header(String sid, String subject, String issuer, String connection, Instant started) {}

  /** One sealed segment and the chain state at its end. */
  record Sealed(Manifest.Segment segment, String lastHash, long exchanges, Set<String> openXids) {}

  static void writeHeader(Path dir, Header header) throws IOException {
    Path tmp = dir.resolve(HEADER + ".tmp");
    Files.write(tmp, Json.mapper().writeValueAsBytes(header));
    Files.move(tmp, dir.resolve(HEADER), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  static Header readHeader(Path dir) throws IOException {
    return Json.mapper().readValue(dir.resolve(HEADER).toFile(), Header.class);
  }

  static void append(Path dir, Sealed sealed, boolean fsync) throws IOException {
    try (FileOutputStream out = new FileOutputStream(dir.resolve(SEGMENTS).toFile(), true)) {
      out.write(Json.mapper().writeValueAsBytes(sealed));
      out.write('\n');
      if (fsync) {
        out.getFD().sync();
      }
    }
  }

  /** The journal's entries; a torn last line (a crash while appending) is ignored. */
  static List<Sealed> read(Path dir) throws IOException {
    Path file = dir.resolve(SEGMENTS);
    List<Sealed> entries = new ArrayList<>();
    if (!Files.exists(file)) {
      return entries;
    }
    for (String line : Files.readString(file, StandardCharsets.UTF_8).split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode node = Json.mapper().readTree(line);
        entries.add(Json.mapper().treeToValue(node, Sealed.class));
      } catch (IOException e) {
        break; // torn tail
      }
    }
    return entries;
  }
}
