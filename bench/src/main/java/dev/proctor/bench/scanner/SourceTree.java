package dev.proctor.bench.scanner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** The files of a directory tree, read as text; and unpacking a zip into one. */
final class SourceTree {
  private SourceTree() {}

  record Text(Path file, String text, long bytes) {}

  static List<Text> read(Path dir) throws IOException {
    List<Text> texts = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        byte[] bytes = Files.readAllBytes(f);
        texts.add(
            new Text(
                f.toAbsolutePath().normalize(),
                new String(bytes, StandardCharsets.UTF_8),
                bytes.length));
      }
    }
    return texts;
  }

  static long bytes(List<Text> texts) {
    return texts.stream().mapToLong(Text::bytes).sum();
  }

  /** Unpacks {@code zip} into {@code dir}, unless a previous run did. */
  static void unzip(Path zip, Path dir) throws IOException {
    Path done = dir.resolve(".unpacked");
    if (Files.exists(done)) {
      return;
    }
    try (ZipFile z = new ZipFile(zip.toFile())) {
      Enumeration<? extends ZipEntry> entries = z.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        Path target = dir.resolve(e.getName()).normalize();
        if (!target.startsWith(dir)) {
          throw new IOException("zip entry outside the target: " + e.getName());
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
          continue;
        }
        Files.createDirectories(target.getParent());
        try (InputStream in = z.getInputStream(e)) {
          Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (UncheckedIOException x) {
          throw x.getCause();
        }
      }
    }
    Files.createFile(done);
  }
}
