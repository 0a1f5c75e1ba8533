package lab.tagging.grading.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import lab.tagging.grading.Digests;
import lab.tagging.grading.Folders;
import lab.tagging.grading.compile.Compilation;
import lab.tagging.grading.sandbox.ClassData;

/**
 * What a student's repeated runs of {@code mvn -Pgrade} reuse, kept in the build folder: the
 * student's compiled classes while every main source is the same, the graded tests compiled
 * against them while those classes show the tests the same API, and the class-data archive of
 * the test JVM (see {@link ClassData}), made by the student's own first run from the libraries,
 * the kit and the student's own classes: a student has no reference solution to put in it.
 *
 * <p>Each entry keeps the key it was made from: the JDK, every jar the code compiles against
 * (path, size, time) and the bytes of every source; a run with another key compiles again and
 * replaces the entry. Classes are kept with a digest of their bytes, checked before use, so a
 * folder that was edited or half deleted is compiled again rather than trusted. A cache that
 * cannot be read or written costs a compile, never a grade: only what would have compiled to the
 * same bytes is ever reused.
 */
public final class RunCache {

  private final Path dir;
  private final List<Path> jars;
  private final String environment;

  /** A cache in {@code dir} for code that compiles against, and runs on, {@code jars}. */
  public RunCache(Path dir, List<Path> jars) {
    this.dir = dir;
    this.jars = List.copyOf(jars);
    this.environment = environment(jars);
  }

  /** The key of compiling {@code sources}, plus anything else the result depends on ({@code more}). */
  public String key(String what, List<Path> sources, String... more) {
    MessageDigest digest = Digests.sha256();
    update(digest, environment);
    update(digest, what);
    for (String extra : more) {
      update(digest, extra);
    }
    try {
      for (Path source : sources) {
        update(digest, source.toAbsolutePath().normalize().toString());
        byte[] bytes = Files.readAllBytes(source);
        update(digest, String.valueOf(bytes.length));
        digest.update(bytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * Writes the classes kept as {@code slot} into {@code into} if they were made from {@code key}
   * and are still the bytes that were kept; false (and nothing written) otherwise.
   */
  public boolean restore(String slot, String key, Path into) {
    Path entry = dir.resolve(slot);
    try {
      List<String> lines = Files.readAllLines(entry.resolve("key"), StandardCharsets.UTF_8);
      if (lines.size() < 2 || !lines.get(0).equals(key)) {
        return false;
      }
      Map<String, byte[]> files = Compilation.readAll(entry.resolve("classes"));
      if (files.isEmpty() || !digest(files).equals(lines.get(1))) {
        return false;
      }
      Compilation.writeAll(files, into);
      return true;
    } catch (IOException | UncheckedIOException e) {
      return false;
    }
  }

  /** Keeps the classes in {@code classes} as {@code slot}, made from {@code key}, replacing what was there. */
  public void keep(String slot, String key, Path classes) {
    Path temp = null;
    try {
      Files.createDirectories(dir);
      Map<String, byte[]> files = Compilation.readAll(classes);
      temp = Files.createTempDirectory(dir, slot + ".");
      Compilation.writeAll(files, temp.resolve("classes"));
      Files.writeString(temp.resolve("key"), key + "\n" + digest(files) + "\n", StandardCharsets.UTF_8);
      Path entry = dir.resolve(slot);
      Folders.delete(entry);
      Files.move(temp, entry, StandardCopyOption.ATOMIC_MOVE);
      temp = null;
    } catch (IOException | UncheckedIOException e) {
      // Only a later run's speed depends on it.
    } finally {
      if (temp != null) {
        Folders.delete(temp);
      }
    }
  }

  /** The test JVM's class-data archive for a JVM with this cache's jars as its class path. */
  public ClassData archive(String heap) {
    return new ClassData(dir.resolve("class-data"), jars, heap);
  }

  private static String digest(Map<String, byte[]> files) {
    MessageDigest digest = Digests.sha256();
    files.forEach((name, bytes) -> {
      update(digest, name);
      update(digest, String.valueOf(bytes.length));
      digest.update(bytes);
    });
    return HexFormat.of().formatHex(digest.digest());
  }

  // A jar replaced by another build of the same version has another size or time, which is why
  // both are in every key, as in the archive's stamp.
  private static String environment(List<Path> jars) {
    StringBuilder text = new StringBuilder();
    text.append(System.getProperty("java.home")).append('|').append(System.getProperty("java.vm.version"));
    for (Path jar : jars) {
      text.append('\n').append(jar).append('|');
      try {
        text.append(Files.size(jar)).append('|').append(Files.getLastModifiedTime(jar).toMillis());
      } catch (IOException e) {
        text.append("missing");
      }
    }
    return text.toString();
  }

  private static void update(MessageDigest digest, String text) {
    digest.update(text.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
  }
}
