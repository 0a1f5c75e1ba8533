package lab.tagging.grading.intake;

import lab.tagging.grading.Folders;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Unpacks a submitted zip without trusting it: no entry may leave the target folder (no
 * {@code ../}, no absolute path), no link is ever created (a link entry lands as a plain file),
 * and the bytes actually written are counted so a zip bomb stops early.
 */
public final class Unpack {

  static final long MAX_TOTAL_BYTES = 50L * 1024 * 1024;
  static final long MAX_FILE_BYTES = 5L * 1024 * 1024;
  static final int MAX_ENTRIES = 5_000;

  /** Why a zip was refused; the message is shown to the instructor and in the feedback. */
  public static final class Refused extends Exception {
    Refused(String message) {
      super(message);
    }
  }

  private Unpack() {}

  public static void zip(Path zip, Path target) throws Refused, IOException {
    try {
      unpack(zip, target, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformedName) {
      // Names that are not UTF-8 (zips made on old Windows tools): read them as Latin-1 instead.
      Folders.clean(target);
      unpack(zip, target, StandardCharsets.ISO_8859_1);
    }
  }

  private static void unpack(Path zip, Path target, java.nio.charset.Charset names) throws Refused, IOException {
    Files.createDirectories(target);
    Path root = target.toAbsolutePath().normalize();
    long total = 0;
    int entries = 0;
    try (InputStream file = Files.newInputStream(zip); ZipInputStream in = new ZipInputStream(file, names)) {
      byte[] buffer = new byte[16 * 1024];
      for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
        if (++entries > MAX_ENTRIES) {
          throw new Refused("the zip has more than " + MAX_ENTRIES + " entries");
        }
        String name = entry.getName().replace('\\', '/');
        if (name.startsWith("/") || name.matches("^[A-Za-z]:.*") || name.contains("\0")) {
          throw new Refused("the zip has an entry with an absolute path: " + printable(name));
        }
        Path out = root.resolve(name).normalize();
        if (!out.startsWith(root) || out.equals(root)) {
          throw new Refused("the zip has an entry that points outside its folder: " + printable(name));
        }
        if (entry.isDirectory()) {
          Files.createDirectories(out);
          continue;
        }
        Files.createDirectories(out.getParent());
        long written = 0;
        try (OutputStream sink = Files.newOutputStream(out)) {
          for (int n; (n = in.read(buffer)) > 0; ) {
            written += n;
            total += n;
            if (written > MAX_FILE_BYTES) {
              throw new Refused("the zip holds a file larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MiB: "
                  + printable(name));
            }
            if (total > MAX_TOTAL_BYTES) {
              throw new Refused("the zip unpacks to more than " + MAX_TOTAL_BYTES / (1024 * 1024)
                  + " MiB (a zip bomb?)");
            }
            sink.write(buffer, 0, n);
          }
        }
      }
    } catch (java.util.zip.ZipException e) {
      throw new Refused("the file is not a readable zip: " + e.getMessage());
    }
  }

  static String printable(String name) {
    String clean = name.replaceAll("[^\\x20-\\x7E]", "?");
    return clean.length() <= 120 ? clean : clean.substring(0, 120) + "…";
  }
}
