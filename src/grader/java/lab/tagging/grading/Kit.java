package lab.tagging.grading;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A pristine copy of the lab kit: its sources, its graded tests, the list of files a student
 * edits and the lab steps with their points.
 */
public record Kit(Path root, List<StudentFile> studentFiles, List<Step> steps) {

  /** A file a student edits, relative to the project root, and the steps that touch it. */
  public record StudentFile(String path, List<String> steps) {}

  /** A lab step: its id (the tests' tag), points, handout and title. */
  public record Step(String id, int points, String handout, String title) {}

  public static final String STUDENT_FILES = "student-files.txt";
  public static final String STEPS = "labs/steps.txt";

  public static Kit at(Path root) {
    Path absolute = root.toAbsolutePath().normalize();
    List<StudentFile> files = new ArrayList<>();
    for (String[] row : rows(absolute.resolve(STUDENT_FILES))) {
      files.add(new StudentFile(row[0], List.of(Arrays.copyOfRange(row, 1, row.length))));
    }
    List<Step> steps = new ArrayList<>();
    for (String[] row : rows(absolute.resolve(STEPS))) {
      String title = String.join(" ", Arrays.copyOfRange(row, 3, row.length));
      steps.add(new Step(row[0], Integer.parseInt(row[1]), row[2], title));
    }
    return new Kit(absolute, List.copyOf(files), List.copyOf(steps));
  }

  /** The kit that holds this checkout's working directory: the directory with student-files.txt. */
  public static Kit find(Path start) {
    for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(STUDENT_FILES)) && Files.isRegularFile(dir.resolve(STEPS))) {
        return at(dir);
      }
    }
    throw new IllegalArgumentException("No lab kit here: no " + STUDENT_FILES + " in " + start.toAbsolutePath()
        + " or above it. Run this from the root of your tagging-lab copy.");
  }

  public boolean isStudentFile(String relativePath) {
    return studentFiles.stream().anyMatch(f -> f.path().equals(relativePath));
  }

  public Optional<Step> step(String id) {
    return steps.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  /**
   * The points of {@code step}'s visible tests: the sum of the {@code @Points} in its test package
   * (read from the sources, so it is known even when nothing compiles).
   */
  public int visiblePoints(String step) {
    int sum = 0;
    java.util.regex.Pattern points = java.util.regex.Pattern.compile("@Points\\((\\d+)\\)");
    for (Path source : javaFiles(testSources().resolve("lab/tagging/" + step))) {
      try {
        java.util.regex.Matcher m = points.matcher(Files.readString(source));
        while (m.find()) {
          sum += Integer.parseInt(m.group(1));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return sum;
  }

  public int maxPoints() {
    return steps.stream().mapToInt(Step::points).sum();
  }

  public Path mainSources() {
    return root.resolve("src/main/java");
  }

  public Path mainResources() {
    return root.resolve("src/main/resources");
  }

  public Path testSources() {
    return root.resolve("src/test/java");
  }

  public Path testResources() {
    return root.resolve("src/test/resources");
  }

  public Path hiddenSources() {
    return root.resolve("src/hidden/java");
  }

  public boolean hasHiddenTests() {
    return Files.isDirectory(hiddenSources());
  }

  /** The kit's main sources a student does not edit. */
  public List<Path> fixedMainSources() {
    return javaFiles(mainSources()).stream()
        .filter(p -> !isStudentFile(relative(p)))
        .toList();
  }

  /**
   * The graded tests that run on the grader's side of the sandbox: {@link #gradedTestSources}
   * without the in-process app ({@value #IN_PROCESS}), which is made of student classes.
   */
  public List<Path> trustedTestSources(boolean withHidden) {
    return gradedTestSources(withHidden).stream()
        .filter(p -> !relative(p).startsWith("src/test/java/" + IN_PROCESS))
        .toList();
  }

  /**
   * What runs next to the student's classes in the sandbox, compiled against them: the in-process
   * app ({@value #IN_PROCESS}) and the driver that serves the grader's calls.
   */
  public List<Path> driverSources() {
    List<Path> sources = new ArrayList<>(javaFiles(testSources().resolve(IN_PROCESS)));
    sources.addAll(javaFiles(root.resolve(DRIVER)));
    return sources;
  }

  /** The in-process app of the graded tests, relative to the test sources. */
  public static final String IN_PROCESS = "lab/tagging/support/local/";

  /** The driver's sources, relative to the kit. */
  public static final String DRIVER = "src/grader/java/lab/tagging/grading/sandbox/inside/driver";

  /**
   * The graded tests and their support code (packages lab.tagging.support and lab.tagging.labN);
   * the kit's own tests are left out.
   */
  public List<Path> gradedTestSources(boolean withHidden) {
    List<Path> sources = new ArrayList<>();
    for (Path file : javaFiles(testSources())) {
      String rel = testSources().relativize(file).toString().replace('\\', '/');
      if (rel.startsWith("lab/tagging/support/") || rel.matches("lab/tagging/lab\\d+/.*")) {
        sources.add(file);
      }
    }
    if (withHidden && hasHiddenTests()) {
      sources.addAll(javaFiles(hiddenSources()));
    }
    return sources;
  }

  public String relative(Path file) {
    return root.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
  }

  public static List<Path> javaFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String[]> rows(Path file) {
    try {
      return Files.readAllLines(file).stream()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .map(line -> line.split("\\s+"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }
}
