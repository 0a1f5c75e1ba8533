package lab.tagging.grading.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * One class-data archive shared by every sandboxed JVM of a class (the JVM's AppCDS): the classes
 * of Hibernate, Jetty and Jackson are parsed and verified once, in a warm-up run, instead of once
 * per submission. It roughly halves the time such a JVM needs before it serves the first test.
 *
 * <p>The warm-up grades the kit's starter, never a submission and never the solution: every
 * sandbox maps the archive and so can read all of it. It holds the libraries, the runner, the
 * starter's classes and the driver, and cannot carry one student's code into another's run. A
 * submission's class loader takes one of the archived starter classes only for a class file with
 * the same name, size and CRC-32 (the JVM checks), that is, the same class; any other class is
 * loaded from the submission. A JVM that finds it stale (a changed
 * jar, another JDK) ignores it and loads classes the usual way; the stamp beside it makes the
 * grader build a new one instead. It lives in the kit's build folder: every class graded with the
 * same build of the kit reuses it.
 *
 * <p>A student's own run keeps one too (see {@code local.RunCache}): its first run writes it as
 * the test JVM exits, from the libraries, the kit and the student's own classes, and
 * {@link #checkedDump} installs it only once a JVM has mapped it.
 */
public final class ClassData {

  private final Path archive;
  private final Path stamp;
  private final Path checkedOptions;
  private final List<Path> classPath;
  private final String expected;
  private volatile boolean ready;

  /**
   * The archive kept in {@code dir} (the kit's build folder, so that every class graded with this
   * kit build shares it) for a test JVM with this class path and heap.
   */
  public ClassData(Path dir, List<Path> classPath, String heap) {
    this.archive = dir.resolve("test-jvm.jsa");
    this.stamp = dir.resolve("test-jvm.stamp");
    this.checkedOptions = dir.resolve("test-jvm.options");
    this.classPath = List.copyOf(classPath);
    this.expected = stampOf(classPath, heap);
    this.ready = Files.isRegularFile(archive) && expected.equals(read(stamp));
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Whether an archive made for this class path is there to use. */
  public boolean ready() {
    return ready;
  }

  /** The test JVM's options: the archive once it is ready, nothing before. */
  public List<String> jvmOptions() {
    if (!ready) {
      return List.of();
    }
    String checked = read(checkedOptions);
    List<String> options = new ArrayList<>(checked == null ? MapInPlace.OPTIONS : checked.lines().toList());
    options.add("-XX:SharedArchiveFile=" + archive);
    return List.copyOf(options);
  }

  // JDK 17 maps the archive at a random address by default and then rewrites every pointer in
  // it: about 0.1 s and 80 MB of copied pages per test JVM. Mapping it where it was built skips
  // that (the JVM still relocates when the address is taken). The option is a diagnostic one, so
  // it is used only if this JDK accepts it (checked once, the first time an archive is used).
  private static final class MapInPlace {
    static final List<String> WANTED = List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0");
    static final List<String> OPTIONS = accepted(WANTED) ? WANTED : List.of();
  }

  private static boolean accepted(List<String> options) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(options);
    command.add("-version");
    return Sandbox.works(command);
  }

  /**
   * The options of the warm-up run that writes the archive to {@code dump} as its JVM exits: a
   * file in the warm-up's own working folder, the one folder a sandboxed JVM may write.
   */
  public List<String> dumpOptions(Path dump) {
    return List.of("-XX:ArchiveClassesAtExit=" + dump.toAbsolutePath());
  }

  /**
   * Takes the archive the warm-up run wrote to {@code dump} into use, after a JVM with this class
   * path has mapped it with sharing required: a dump cut short (its JVM killed while writing) or
   * one this JDK refuses is never installed, and the options a JVM takes with it are found once
   * here instead of once per grader. False if the dump is missing or unusable.
   */
  public boolean checkedDump(Path dump) {
    if (!Files.isRegularFile(dump)) {
      return false;
    }
    for (List<String> options : List.of(MapInPlace.WANTED, List.<String>of())) {
      if (maps(dump, options)) {
        return install(dump, options);
      }
    }
    return false;
  }

  private boolean maps(Path dump, List<String> options) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xshare:on");
    command.addAll(options);
    command.add("-XX:SharedArchiveFile=" + dump.toAbsolutePath());
    command.add("-cp");
    command.add(String.join(java.io.File.pathSeparator, classPath.stream().map(Path::toString).toList()));
    command.add("-version");
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      // Generous: a busy machine can take seconds to map a large archive.
      if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Takes the archive the warm-up run wrote to {@code dump} into use; false if it wrote none. */
  public boolean dumped(Path dump) {
    return install(dump, null);
  }

  private boolean install(Path dump, List<String> options) {
    Path dir = archive.getParent();
    try {
      if (!Files.isRegularFile(dump) || Files.size(dump) == 0) {
        return false;
      }
      Files.deleteIfExists(checkedOptions);
      if (options != null) {
        Files.writeString(checkedOptions, String.join("\n", options), StandardCharsets.UTF_8);
      }
      // Copied in beside the archive first, then moved: graders on other classes may be reading it.
      Path newArchive = Files.createTempFile(dir, "test-jvm", ".jsa.tmp");
      Files.copy(dump, newArchive, StandardCopyOption.REPLACE_EXISTING);
      Path newStamp = Files.createTempFile(dir, "test-jvm", ".stamp.tmp");
      Files.writeString(newStamp, expected, StandardCharsets.UTF_8);
      Files.move(newArchive, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      Files.move(newStamp, stamp, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      ready = true;
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  // What the JVM checks before it maps an archive, so that a stale one is rebuilt, not ignored.
  private static String stampOf(List<Path> classPath, String heap) {
    StringBuilder text = new StringBuilder();
    text.append(System.getProperty("java.home")).append('|').append(System.getProperty("java.vm.version"))
        .append("|heap=").append(heap).append('\n');
    for (Path jar : classPath) {
      text.append(jar).append('|');
      try {
        text.append(Files.size(jar)).append('|').append(Files.getLastModifiedTime(jar).toMillis());
      } catch (IOException e) {
        text.append("missing");
      }
      text.append('\n');
    }
    return text.toString();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }
}
