package lab.tagging.grading.classroom;

import lab.tagging.grading.Digests;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import lab.tagging.grading.report.Reports;

/**
 * A class graded in parts on several machines ({@code --shard I/N}) and put back together
 * ({@code grade merge}). Each entry's shard follows from its name alone (a hash), so every machine
 * picks the same part whatever else the folder holds. Each output folder holds a manifest,
 * {@value #MANIFEST}, with its rows before the roster keys them and everything that must agree
 * for the parts to be one class; the merge refuses parts that overlap, miss or disagree.
 */
public final class Shards {

  /** The manifest of a class's output folder. */
  public static final String MANIFEST = "class.json";

  /** Shard {@code index} of {@code count}, counted from 1. */
  public record Spec(int index, int count) {

    static final int MAX_COUNT = 1000;
    private static final Pattern FORM = Pattern.compile("(\\d{1,4})/(\\d{1,4})");

    /** {@code I/N} with 1 ≤ I ≤ N ≤ 1000; anything else is one line of error. */
    public static Spec parse(String text) {
      Matcher m = FORM.matcher(text == null ? "" : text.strip());
      if (m.matches()) {
        int index = Integer.parseInt(m.group(1));
        int count = Integer.parseInt(m.group(2));
        if (index >= 1 && index <= count && count <= MAX_COUNT) {
          return new Spec(index, count);
        }
      }
      throw new IllegalArgumentException("'" + text + "' is not I/N, the I-th of N parts with 1 <= I <= N <= "
          + MAX_COUNT + " (e.g. 3/8)");
    }

    /** Whether the entry named {@code name} (its file name, .zip and all) is in this shard. */
    public boolean holds(String name) {
      return shardOf(name, count) == index;
    }

    @Override
    public String toString() {
      return index + "/" + count;
    }
  }

  /** The shard, 1 to {@code count}, of the entry named {@code name}: from its SHA-256, nothing else. */
  static int shardOf(String name, int count) {
    byte[] digest = Digests.sha256().digest(name.getBytes(StandardCharsets.UTF_8));
    return (int) Long.remainderUnsigned(ByteBuffer.wrap(digest).getLong(), count) + 1;
  }

  /** The entries of {@code spec}'s shard, in their order. */
  public static List<Path> select(List<Path> entries, Spec spec) {
    return entries.stream().filter(e -> spec.holds(e.getFileName().toString())).toList();
  }

  /** A digest of the class's entry names: shards graded from different folders disagree on it. */
  public static String classDigest(List<Path> entries) {
    var digest = Digests.sha256();
    entries.stream().map(e -> e.getFileName().toString()).sorted().forEach(n -> {
      digest.update(n.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
    });
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * What an output folder holds and was graded with: the grader's fingerprint of kit and options,
   * the deadline and late policy, the roster, the shard (null for a whole class), the class it is
   * part of (entries and digest of their names), the gradebook's max, the sandbox, and the rows
   * before the roster keyed them.
   */
  public record Manifest(int format, String fingerprint, String deadline, String latePolicy, Roster roster, Spec shard,
      int classEntries, String classDigest, int max, String sandbox, List<ClassGrader.Row> rows) {

    public static final int FORMAT = 1;
  }

  private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private Shards() {}

  public static void write(Manifest manifest, Path outDir) throws IOException {
    Reports.atomicWrite(outDir.resolve(MANIFEST), JSON.writeValueAsString(manifest) + "\n");
  }

  static Manifest read(Path outDir) {
    Path file = outDir.resolve(MANIFEST);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalArgumentException(outDir + " is not the output of ./grade: it has no " + MANIFEST);
    }
    try {
      Manifest manifest = JSON.readValue(file.toFile(), Manifest.class);
      if (manifest.format() != Manifest.FORMAT || manifest.rows() == null) {
        throw new IllegalArgumentException(file + " is of another grader version (format " + manifest.format()
            + "): grade that shard again");
      }
      return manifest;
    } catch (IOException e) {
      throw new IllegalArgumentException(file + " cannot be read: "
          + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }
  }

  /** The shards put together, and the folders their students' files are in. */
  public record Merged(Manifest manifest, List<Path> parts) {}

  /**
   * Reads the manifests of {@code parts} and checks that they are the N shards of one class, graded
   * alike: each a shard, of the same N, each index once, the same class folder, kit, options,
   * deadline, late policy and roster, and no submission in two of them. The first problem is an
   * {@link IllegalArgumentException} of one line.
   */
  public static Merged check(List<Path> parts, Path out) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("merge needs the output folders of the shards: grade merge OUT1 OUT2 … --out DIR");
    }
    Map<Integer, Path> byIndex = new TreeMap<>();
    Map<String, Path> entries = new TreeMap<>();
    Manifest first = null;
    Path firstPart = null;
    List<ClassGrader.Row> rows = new ArrayList<>();
    for (Path part : parts) {
      if (part.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
        throw new IllegalArgumentException("--out " + out + " is one of the shards; merge into another folder");
      }
      Manifest m = read(part);
      if (m.shard() == null) {
        throw new IllegalArgumentException(part + " holds a whole class (graded without --shard), not a shard");
      }
      if (first == null) {
        first = m;
        firstPart = part;
      } else {
        String differs = differs(first, m);
        if (differs != null) {
          throw new IllegalArgumentException("the shards " + firstPart + " and " + part + " were graded with different "
              + differs + ": grade them again alike");
        }
      }
      Path before = byIndex.put(m.shard().index(), part);
      if (before != null) {
        throw new IllegalArgumentException("the shards " + before + " and " + part + " are both shard " + m.shard()
            + ": they overlap");
      }
      for (ClassGrader.Row row : m.rows()) {
        Path other = entries.put(row.entryId(), part);
        if (other != null) {
          throw new IllegalArgumentException("the submission " + row.entryId() + " is in both " + other + " and " + part
              + ": the shards overlap");
        }
      }
      rows.addAll(m.rows());
    }
    List<String> lacking = new ArrayList<>();
    for (int i = 1; i <= first.shard().count(); i++) {
      if (!byIndex.containsKey(i)) {
        lacking.add(i + "/" + first.shard().count());
      }
    }
    if (!lacking.isEmpty()) {
      throw new IllegalArgumentException("shard(s) " + String.join(", ", lacking) + " missing: merge needs all "
          + first.shard().count() + " parts of the class");
    }
    if (rows.size() != first.classEntries()) {
      throw new IllegalArgumentException("the shards hold " + rows.size() + " submissions, the class they were cut from "
          + first.classEntries() + ": grade the shards again");
    }
    Manifest whole = new Manifest(Manifest.FORMAT, first.fingerprint(), first.deadline(), first.latePolicy(),
        first.roster(), null, first.classEntries(), first.classDigest(), first.max(), first.sandbox(), List.copyOf(rows));
    return new Merged(whole, List.copyOf(parts));
  }

  // The first thing two shards were graded differently with, or null.
  private static String differs(Manifest a, Manifest b) {
    if (a.shard().count() != b.shard().count()) {
      return "numbers of shards (" + a.shard() + " and " + b.shard() + ")";
    }
    if (!Objects.equals(a.classDigest(), b.classDigest())) {
      return "class folders (the submissions differ)";
    }
    if (!Objects.equals(a.fingerprint(), b.fingerprint())) {
      return "kits or grading options (kit files, --lab, --no-hidden, time limits, heap or sandbox)";
    }
    if (!Objects.equals(a.deadline(), b.deadline())) {
      return "deadlines (" + a.deadline() + " and " + b.deadline() + ")";
    }
    if (!Objects.equals(a.latePolicy(), b.latePolicy())) {
      return "late policies (" + a.latePolicy() + " and " + b.latePolicy() + ")";
    }
    if (!Objects.equals(a.roster(), b.roster())) {
      return "rosters";
    }
    return null;
  }

  /** Copies each shard's students/ folders into {@code out}'s, which starts empty; links are not copied. */
  public static void copyStudents(List<Path> parts, Path out) throws IOException {
    Path target = out.resolve(ClassGrader.STUDENTS);
    lab.tagging.grading.Folders.clean(target);
    for (Path part : parts) {
      Path from = part.resolve(ClassGrader.STUDENTS);
      if (!Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(from)) {
        for (Path p : walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
          Path copy = target.resolve(from.relativize(p).toString());
          Files.createDirectories(copy.getParent());
          Files.copy(p, copy, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
