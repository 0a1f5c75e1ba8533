package lab.tagging.grading.report;

import lab.tagging.grading.Grade;
import lab.tagging.grading.Kit;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/** Writes a grade as results.json (Gradescope's format), summary.md and the student's scoreboard. */
public final class Reports {

  private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
  private static final int MAX_TEST_OUTPUT = 4_000;

  private Reports() {}

  /** Gradescope's results.json, built as a tree and written with Jackson: valid whatever tests printed. */
  static ObjectNode resultsJson(Grade grade) {
    ObjectNode root = JSON.createObjectNode();
    root.put("score", grade.score());
    root.put("max_score", grade.maxScore());
    root.put("execution_time", Math.round(grade.seconds() * 10) / 10.0);
    root.put("output", overview(grade));
    root.put("output_format", "text");
    root.put("test_output_format", "text");
    root.put("visibility", "visible");
    root.put("stdout_visibility", "hidden");
    ArrayNode tests = root.putArray("tests");
    for (Grade.TestResult t : grade.tests()) {
      ObjectNode test = tests.addObject();
      test.put("name", t.fullName());
      test.put("number", t.number());
      test.put("score", t.earned());
      test.put("max_score", t.points());
      test.put("status", t.passed() ? "passed" : "failed");
      test.put("output", testOutput(t));
      test.putArray("tags").add(t.step());
      test.put("visibility", t.hidden() ? "after_published" : "visible");
    }
    return root;
  }

  /** The text at the top of results.json: the status, compile errors and notes. */
  public static String overview(Grade grade) {
    StringBuilder out = new StringBuilder();
    out.append("Score: ").append(grade.score()).append('/').append(grade.maxScore())
        .append(" (").append(grade.status().label).append(")\n");
    if (!grade.problems().isEmpty()) {
      out.append(whyNoTest(grade)).append('\n');
      grade.problems().forEach(p -> out.append("  ").append(p.describe()).append('\n'));
    }
    grade.notes().forEach(n -> out.append(n).append('\n'));
    return out.toString();
  }

  private static String testOutput(Grade.TestResult t) {
    if (t.passed()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    out.append(t.status()).append(": ").append(t.message() == null ? "" : t.message());
    if (t.output() != null && !t.output().isBlank()) {
      out.append("\n\nWhat the test printed:\n").append(t.output());
    }
    return out.length() <= MAX_TEST_OUTPUT ? out.toString() : out.substring(0, MAX_TEST_OUTPUT) + "\n… (cut)";
  }

  /** A Markdown table of the grade, for CI summaries and feedback files. */
  static String summaryMarkdown(Grade grade, String title) {
    StringBuilder md = new StringBuilder();
    md.append("## ").append(title).append(": ").append(grade.score()).append('/').append(grade.maxScore())
        .append("\n\n");
    if (!grade.problems().isEmpty()) {
      md.append("**").append(grade.status().headline == null ? Grade.Status.ERROR.headline : grade.status().headline)
          .append("**\n\n");
      md.append("```\n");
      grade.problems().forEach(p -> md.append(p.describe()).append('\n'));
      md.append("```\n\n");
    }
    if (!grade.tests().isEmpty()) {
      md.append("| # | Test | Points | Result |\n|---|---|---:|---|\n");
      for (Grade.TestResult t : grade.tests()) {
        md.append("| ").append(t.number())
            .append(" | ").append(cell(t.fullName()))
            .append(" | ").append(t.earned()).append('/').append(t.points())
            .append(" | ").append(t.passed() ? "✅ passed" : "❌ " + t.status() + ": " + cell(t.hint()))
            .append(" |\n");
      }
    }
    grade.notes().forEach(n -> md.append("\n").append(n).append('\n'));
    return md.toString();
  }

  private static String cell(String text) {
    return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
  }

  /** The scoreboard a student reads at the end of their run. */
  public static String scoreboard(Grade grade, Kit kit, boolean hiddenRan) {
    StringBuilder out = new StringBuilder("\n");
    if (grade.status().why != null) {
      out.append(whyNoTest(grade)).append('\n');
      grade.problems().forEach(p -> out.append("  ").append(p.describe()).append('\n'));
      out.append('\n').append(scoreLine(grade, kit, hiddenRan));
      return out.toString();
    }
    Grade.TestResult firstFailure = null;
    for (Kit.Step step : kit.steps()) {
      List<Grade.TestResult> tests = grade.tests().stream().filter(t -> t.step().equals(step.id())).toList();
      if (tests.isEmpty()) {
        continue;
      }
      int max = tests.stream().mapToInt(Grade.TestResult::points).sum();
      String heading = "Lab " + step.id().replaceAll("\\D", "") + " · " + step.title();
      out.append(String.format(Locale.ROOT, "%-66s %3d/%d%n", heading, grade.score(step.id()), max));
      for (Grade.TestResult t : tests) {
        out.append(String.format(Locale.ROOT, "  %s %2d  %s%s%n", t.passed() ? "PASS" : "FAIL", t.points(),
            t.hidden() ? "(hidden) " : "", t.name()));
        if (!t.passed()) {
          out.append(wrap(t.hint(), "           ", 100));
          if (firstFailure == null) {
            firstFailure = t;
          }
        }
      }
      out.append('\n');
    }
    grade.notes().forEach(n -> out.append(n).append('\n'));
    out.append(scoreLine(grade, kit, hiddenRan));
    if (firstFailure != null) {
      String handout = kit.step(firstFailure.step()).map(Kit.Step::handout).orElse("labs/");
      out.append("Next: ").append(firstFailure.name()).append("  (").append(handout).append(")\n");
    }
    return out.toString();
  }

  /** Why no test ran, for a grade with problems. */
  public static String whyNoTest(Grade grade) {
    return grade.status().why != null ? grade.status().why : Grade.Status.ERROR.why;
  }

  // One rule for every run: the score out of the tests that ran (or would have), and what the
  // hidden tests add when they did not run.
  private static String scoreLine(Grade grade, Kit kit, boolean hiddenRan) {
    StringBuilder out = new StringBuilder();
    out.append("Score: ").append(grade.score()).append('/').append(grade.maxScore());
    int stepsPoints = kit.steps().stream().filter(s -> grade.stepMax().containsKey(s.id()))
        .mapToInt(Kit.Step::points).sum();
    if (!hiddenRan && stepsPoints > grade.maxScore()) {
      out.append("   (the visible tests; hidden tests worth ").append(stepsPoints - grade.maxScore())
          .append(" more points run when your instructor grades)");
    }
    return out.append('\n').toString();
  }

  static String wrap(String text, String indent, int width) {
    StringBuilder out = new StringBuilder();
    StringBuilder line = new StringBuilder(indent);
    for (String word : text.split(" ")) {
      if (line.length() + word.length() + 1 > width && line.length() > indent.length()) {
        out.append(line).append('\n');
        line = new StringBuilder(indent);
      }
      if (line.length() > indent.length()) {
        line.append(' ');
      }
      line.append(word);
    }
    if (line.length() > indent.length()) {
      out.append(line).append('\n');
    }
    return out.toString();
  }

  /** Writes results.json and summary.md into {@code dir}; each file appears whole or not at all. */
  public static void write(Grade grade, Path dir, String title) {
    try {
      Files.createDirectories(dir);
      atomicWrite(dir.resolve("results.json"), JSON.writeValueAsString(resultsJson(grade)) + "\n");
      String summary = summaryMarkdown(grade, title);
      atomicWrite(dir.resolve("summary.md"), summary);
      String stepSummary = System.getenv("GITHUB_STEP_SUMMARY");
      if (stepSummary != null && !stepSummary.isBlank()) {
        Files.writeString(Path.of(stepSummary), summary + "\n", StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void atomicWrite(Path file, String content) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temp, content, StandardCharsets.UTF_8);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
