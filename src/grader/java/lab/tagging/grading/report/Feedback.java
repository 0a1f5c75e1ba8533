package lab.tagging.grading.report;

import lab.tagging.grading.Grade;
import lab.tagging.grading.Kit;
import lab.tagging.grading.intake.Changes;

import java.util.List;

/** The feedback file a student receives: what passed, what failed and why, what was ignored. */
public final class Feedback {

  private Feedback() {}

  public static String markdown(String id, Grade grade, Changes changes, Kit kit) {
    StringBuilder md = new StringBuilder();
    md.append("# tagging-lab: feedback for ").append(id).append("\n\n");
    md.append("**Score: ").append(grade.score()).append('/').append(grade.maxScore()).append("** (")
        .append(grade.status().label).append(")\n\n");
    if (!grade.problems().isEmpty()) {
      md.append(Reports.whyNoTest(grade)).append("\n\n");
      md.append("```\n");
      grade.problems().forEach(p -> md.append(p.describe()).append('\n'));
      md.append("```\n\n");
    }
    for (Kit.Step step : kit.steps()) {
      List<Grade.TestResult> tests = grade.tests().stream().filter(t -> t.step().equals(step.id())).toList();
      if (tests.isEmpty()) {
        continue;
      }
      int max = tests.stream().mapToInt(Grade.TestResult::points).sum();
      md.append("## Lab ").append(step.id().replaceAll("\\D", "")).append(" · ").append(step.title())
          .append(": ").append(grade.score(step.id())).append('/').append(max).append("\n\n");
      for (Grade.TestResult t : tests) {
        md.append("- ").append(t.passed() ? "✅" : "❌").append(' ').append(t.name())
            .append(t.hidden() ? " *(hidden test)*" : "")
            .append(" — ").append(t.earned()).append('/').append(t.points()).append('\n');
        if (!t.passed()) {
          md.append("  - ").append(t.status().equals("failed") ? "" : t.status() + ": ").append(t.hint()).append('\n');
        }
      }
      md.append("\nHandout: ").append(step.handout()).append("\n\n");
    }
    if (!changes.isEmpty()) {
      md.append("## Files that were not graded\n\n")
          .append("Only the files in student-files.txt are graded; the kit's own versions of every other "
              + "file were used.\n\n");
      list(md, "Kit files you changed (tests and build; flagged for your instructor)", changes.tampered());
      list(md, "Other kit files you changed", changes.changed());
      list(md, "Files you added", changes.added());
      list(md, "Test files you deleted", changes.deleted());
      list(md, "Symbolic links (never followed)", changes.links());
    }
    grade.notes().forEach(n -> md.append(n).append("\n"));
    return md.toString();
  }

  private static void list(StringBuilder md, String title, List<String> files) {
    if (files.isEmpty()) {
      return;
    }
    md.append("**").append(title).append(":**\n\n");
    files.stream().limit(50).forEach(f -> md.append("- `").append(f.replace("`", "'")).append("`\n"));
    if (files.size() > 50) {
      md.append("- … and ").append(files.size() - 50).append(" more\n");
    }
    md.append('\n');
  }
}
