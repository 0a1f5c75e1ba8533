package lab.tagging.grading.report;

import lab.tagging.grading.Kit;
import lab.tagging.grading.classroom.ClassGrader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** The class-wide outputs: gradebook.csv, report.html and the closing summary. */
public final class ClassReport {

  /** How the class did on one test. */
  record TestStats(String number, String name, boolean hidden, int passed, int ran) {
    double rate() {
      return ran == 0 ? 0 : (double) passed / ran;
    }
  }

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ClassReport() {}

  /**
   * Which of the optional columns and sections a class has: the roster's file name, the deadline
   * (ISO, with its offset), whether the latest commit was graded too, and the shard (I/N) when this
   * is one part of a class; null or false for none.
   */
  public record Layout(String roster, String deadline, boolean latest, String shard) {
    public static final Layout PLAIN = new Layout(null, null, false, null);
  }

  static List<String> header(Kit kit, Layout layout) {
    List<String> header = new ArrayList<>(List.of("id"));
    if (layout.roster() != null) {
      header.addAll(List.of("github_username", "name", "submission"));
    }
    header.addAll(List.of("score", "max"));
    kit.steps().forEach(s -> header.add(s.id()));
    header.addAll(List.of("status", "flags"));
    if (layout.deadline() != null) {
      header.addAll(List.of("commit", "committer_date", "later_commits", "last_commit", "last_committer_date"));
    }
    if (layout.latest()) {
      header.addAll(List.of("latest_score", "latest_status"));
    }
    header.add("seconds");
    return header;
  }

  static void gradebook(List<ClassGrader.Row> rows, Kit kit, Path file, Layout layout) throws IOException {
    List<String> header = header(kit, layout);
    StringWriter out = new StringWriter();
    try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new))
        .setRecordSeparator("\n").get())) {
      for (ClassGrader.Row row : rows) {
        List<Object> record = new ArrayList<>(List.of(row.id()));
        if (layout.roster() != null) {
          record.add(row.student() == null ? "" : row.student().githubUsername());
          record.add(row.student() == null ? "" : row.student().name());
          record.add(row.entryId() == null ? "" : row.entryId());
        }
        record.add(row.score());
        record.add(row.max() < 0 ? "" : row.max());
        kit.steps().forEach(s -> record.add(row.steps().getOrDefault(s.id(), 0)));
        record.add(row.status());
        record.add(String.join("; ", row.flags()));
        if (layout.deadline() != null) {
          ClassGrader.Commit c = row.commit();
          if (c == null) {
            record.addAll(List.of("", "", "", "", ""));
          } else if (!c.history()) {
            record.addAll(List.of("no history", "", "", "", ""));
          } else {
            record.addAll(List.of(c.hash() == null ? "none" : c.hash(), blank(c.date()), c.later(),
                blank(c.latestHash()), blank(c.latestDate())));
          }
        }
        if (layout.latest()) {
          record.add(row.latest() == null ? "" : row.latest().score());
          record.add(row.latest() == null ? "" : row.latest().status());
        }
        record.add(String.format(Locale.ROOT, "%.1f", row.seconds()));
        csv.printRecord(record);
      }
    }
    Reports.atomicWrite(file, out.toString());
  }

  private static String blank(String text) {
    return text == null ? "" : text;
  }

  /** Reads each student's results.json back for the per-test pass rates. */
  static List<TestStats> testStats(List<ClassGrader.Row> rows, Path outDir) {
    Map<String, int[]> counts = new LinkedHashMap<>();
    Map<String, String> names = new LinkedHashMap<>();
    Map<String, Boolean> hidden = new LinkedHashMap<>();
    for (ClassGrader.Row row : rows) {
      if (row.folder() == null) {
        continue;  // a roster student without a submission
      }
      Path results = outDir.resolve(ClassGrader.STUDENTS).resolve(row.folder()).resolve("results.json");
      try {
        JsonNode root = JSON.readTree(results.toFile());
        for (JsonNode test : root.path("tests")) {
          String number = test.path("number").asText();
          names.putIfAbsent(number, test.path("name").asText());
          hidden.putIfAbsent(number, test.path("visibility").asText().equals("after_published"));
          int[] c = counts.computeIfAbsent(number, k -> new int[2]);
          c[1]++;
          if (test.path("status").asText().equals("passed")) {
            c[0]++;
          }
        }
      } catch (IOException e) {
        // A submission without results (refused zip) adds nothing to the pass rates.
      }
    }
    List<TestStats> stats = new ArrayList<>();
    counts.forEach((number, c) -> stats.add(new TestStats(number, names.get(number), hidden.get(number), c[0], c[1])));
    stats.sort(Comparator.comparingDouble(TestStats::rate).thenComparing(TestStats::number));
    return stats;
  }

  static double mean(List<ClassGrader.Row> rows) {
    return rows.stream().mapToInt(ClassGrader.Row::score).average().orElse(0);
  }

  static double median(List<ClassGrader.Row> rows) {
    List<Integer> scores = rows.stream().map(ClassGrader.Row::score).sorted().toList();
    if (scores.isEmpty()) {
      return 0;
    }
    int n = scores.size();
    return n % 2 == 1 ? scores.get(n / 2) : (scores.get(n / 2 - 1) + scores.get(n / 2)) / 2.0;
  }

  public static String summary(List<ClassGrader.Row> rows, int regraded, Path outDir, String isolation,
      ClassGrader.Sharing sharing) {
    return summary(rows, regraded, outDir, isolation, sharing, Layout.PLAIN);
  }

  public static String summary(List<ClassGrader.Row> rows, int regraded, Path outDir, String isolation,
      ClassGrader.Sharing sharing, Layout layout) {
    long submissions = rows.stream().filter(r -> r.entryId() != null).count();
    return summary(String.format(Locale.ROOT, "Graded %d submissions (%d graded now, %d unchanged since the last run).",
        submissions, regraded, submissions - regraded), rows, outDir, isolation, sharing.label, layout);
  }

  /** The closing summary under {@code headline}: counts, scores, the roster and the deadline, and where files are. */
  public static String summary(String headline, List<ClassGrader.Row> rows, Path outDir, String isolation,
      String sharing, Layout layout) {
    long compileErrors = rows.stream().filter(r -> r.status().equals("compile error")).count();
    long timedOut = rows.stream().filter(r -> r.status().equals("timed out")).count();
    long rejected = rows.stream().filter(r -> r.status().equals("rejected")).count();
    long flagged = rows.stream().filter(r -> !r.flags().isEmpty()).count();
    StringBuilder out = new StringBuilder();
    out.append('\n').append(headline).append('\n');
    out.append(String.format(Locale.ROOT, "  failed to compile: %d   timed out: %d   refused: %d   flagged: %d%n",
        compileErrors, timedOut, rejected, flagged));
    out.append(String.format(Locale.ROOT, "  mean score: %.1f   median score: %.1f%n", mean(submitted(rows)),
        median(submitted(rows))));
    if (layout.roster() != null) {
      out.append("  ").append(rosterLine(rows, layout)).append('\n');
    }
    if (layout.deadline() != null) {
      out.append("  ").append(deadlineLine(rows, layout)).append('\n');
    }
    out.append("  sandbox: ").append(isolation).append('\n');
    if (sharing != null) {
      out.append("  class-data archive for the test JVMs: ").append(sharing).append('\n');
    }
    out.append("Gradebook: ").append(outDir.resolve("gradebook.csv")).append('\n');
    out.append("Report:    ").append(outDir.resolve("report.html")).append('\n');
    out.append("Feedback:  ").append(outDir.resolve(ClassGrader.STUDENTS)).append("/<student>/feedback.md\n");
    return out.toString();
  }

  private static List<String> notOnRoster(List<ClassGrader.Row> rows) {
    return rows.stream().filter(r -> r.flags().contains(lab.tagging.grading.classroom.Roster.NOT_ON_ROSTER))
        .map(ClassGrader.Row::entryId).toList();
  }

  private static long withStatus(List<ClassGrader.Row> rows, String status) {
    return rows.stream().filter(r -> r.status().equals(status)).count();
  }

  static String rosterLine(List<ClassGrader.Row> rows, Layout layout) {
    long students = rows.stream().filter(r -> r.student() != null).map(ClassGrader.Row::id).distinct().count();
    long submitted = rows.stream().filter(r -> r.student() != null && r.entryId() != null).count();
    List<String> strangers = notOnRoster(rows);
    long ambiguous = withStatus(rows, lab.tagging.grading.classroom.Roster.AMBIGUOUS);
    if (layout.shard() != null) {
      return "roster " + layout.roster() + ": " + submitted + " of its students in shard " + layout.shard()
          + " (who is missing, ./grade merge says); not on the roster: "
          + (strangers.isEmpty() ? "none" : String.join(", ", strangers));
    }
    return "roster " + layout.roster() + ": " + students + " students, " + submitted + " with a submission, "
        + withStatus(rows, lab.tagging.grading.classroom.Roster.MISSING) + " missing"
        + (ambiguous > 0 ? ", " + ambiguous + " with more than one (ambiguous)" : "")
        + "; not on the roster: " + (strangers.isEmpty() ? "none" : String.join(", ", strangers));
  }

  static String deadlineLine(List<ClassGrader.Row> rows, Layout layout) {
    List<ClassGrader.Commit> commits = rows.stream().map(ClassGrader.Row::commit).filter(java.util.Objects::nonNull)
        .toList();
    long atCommit = commits.stream().filter(c -> c.history() && c.hash() != null).count();
    long withLater = commits.stream().filter(c -> c.history() && c.hash() != null && c.later() > 0).count();
    long none = commits.stream().filter(c -> c.history() && c.hash() == null).count();
    long noHistory = commits.stream().filter(c -> !c.history()).count();
    long backwards = rows.stream().filter(r -> r.flags().stream().anyMatch(f -> f.startsWith("commit dates run backwards")))
        .count();
    return "deadline " + layout.deadline() + " (committer dates, set on the students' machines): " + atCommit
        + " graded at their last commit before it (" + withLater + " with later commits), " + none
        + " with no commit before it, " + noHistory + " without a history"
        + (backwards > 0 ? "; dates run backwards in " + backwards : "")
        + (layout.latest() ? "; latest commits graded too" : "");
  }

  static String html(List<ClassGrader.Row> rows, List<TestStats> stats, int max, String isolation) {
    return html(rows, stats, max, isolation, Layout.PLAIN);
  }

  static String html(List<ClassGrader.Row> all, List<TestStats> stats, int max, String isolation, Layout layout) {
    List<ClassGrader.Row> rows = submitted(all);
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>tagging-lab: class report</title>\n<style>\n")
        .append("body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2rem auto;max-width:980px;")
        .append("color:#1f2328;padding:0 1rem}h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}")
        .append("table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{text-align:left;padding:.35rem .5rem;")
        .append("border-bottom:1px solid #d0d7de;vertical-align:top}th{background:#f6f8fa}")
        .append(".num{text-align:right;font-variant-numeric:tabular-nums}.bar{background:#eaeef2;height:.8rem;width:160px}")
        .append(".bar span{display:block;height:100%;background:#2da44e}.low span{background:#cf222e}")
        .append(".mid span{background:#bf8700}.stats{display:flex;gap:1.5rem;flex-wrap:wrap}.stat{background:#f6f8fa;")
        .append("padding:.6rem 1rem;border-radius:6px}.stat b{display:block;font-size:1.4rem}.tag{font-size:.75rem;")
        .append("background:#ddf4ff;border-radius:4px;padding:0 .3rem;margin-left:.3rem}\n</style>\n</head>\n<body>\n");
    h.append("<h1>tagging-lab: class report</h1>\n");
    long flagged = rows.stream().filter(r -> !r.flags().isEmpty()).count();
    h.append("<div class=\"stats\">")
        .append(stat("submissions", String.valueOf(rows.size())))
        .append(stat("mean", String.format(Locale.ROOT, "%.1f", mean(rows))))
        .append(stat("median", String.format(Locale.ROOT, "%.1f", median(rows))))
        .append(stat("full marks", String.valueOf(rows.stream().filter(r -> r.score() == max).count())))
        .append(stat("did not compile", String.valueOf(rows.stream().filter(r -> r.status().equals("compile error")).count())))
        .append(stat("flagged", String.valueOf(flagged)))
        .append(layout.roster() == null ? "" : stat("missing", String.valueOf(all.size() - rows.size())))
        .append("</div>\n");
    if (layout.deadline() != null) {
      h.append("<p>Deadline: ").append(esc(layout.deadline())).append(". Each clone was graded at its last commit at or ")
          .append("before it by committer date, a date the student's machine sets: the gradebook has the commit, its ")
          .append("date, the later commits and the latest one").append(layout.latest() ? ", graded too" : "")
          .append(".</p>\n");
    }
    h.append("<h2>Score distribution</h2>\n").append(histogram(rows, max));
    h.append("<h2>Pass rate of each test, hardest first</h2>\n<table>\n<tr><th>#</th><th>Test</th>")
        .append("<th class=\"num\">Passed</th><th>Rate</th></tr>\n");
    for (TestStats s : stats) {
      String level = s.rate() < 0.5 ? "bar low" : s.rate() < 0.8 ? "bar mid" : "bar";
      h.append("<tr><td>").append(esc(s.number())).append("</td><td>").append(esc(s.name()))
          .append(s.hidden() ? "<span class=\"tag\">hidden</span>" : "").append("</td><td class=\"num\">")
          .append(s.passed()).append('/').append(s.ran()).append("</td><td><div class=\"").append(level)
          .append("\"><span style=\"width:").append(Math.round(s.rate() * 100)).append("%\"></span></div></td></tr>\n");
    }
    h.append("</table>\n<h2>Flagged submissions</h2>\n");
    List<ClassGrader.Row> flaggedRows = rows.stream().filter(r -> !r.flags().isEmpty()).toList();
    if (flaggedRows.isEmpty()) {
      h.append("<p>None.</p>\n");
    } else {
      h.append("<table>\n<tr><th>Student</th><th class=\"num\">Score</th><th>Status</th><th>Why</th></tr>\n");
      for (ClassGrader.Row r : flaggedRows) {
        h.append("<tr><td>").append(esc(r.id())).append("</td><td class=\"num\">").append(r.score())
            .append("</td><td>").append(esc(r.status())).append("</td><td>")
            .append(esc(String.join("; ", r.flags()))).append("</td></tr>\n");
      }
      h.append("</table>\n");
    }
    if (layout.roster() != null) {
      h.append(rosterSection(all, layout));
    }
    h.append("<h2>All submissions</h2>\n<table>\n<tr><th>Student</th>")
        .append(layout.roster() == null ? "" : "<th>Submission</th>")
        .append("<th class=\"num\">Score</th><th>Status</th>")
        .append(layout.deadline() == null ? "" : "<th>Commit graded</th><th class=\"num\">Later commits</th>")
        .append(layout.latest() ? "<th class=\"num\">Latest commit's score</th>" : "").append("</tr>\n");
    for (ClassGrader.Row r : all) {
      h.append("<tr><td>").append(esc(r.id())).append("</td>");
      if (layout.roster() != null) {
        h.append("<td>").append(esc(r.entryId())).append("</td>");
      }
      h.append("<td class=\"num\">").append(r.score()).append('/').append(max).append("</td><td>")
          .append(esc(r.status())).append("</td>");
      if (layout.deadline() != null) {
        ClassGrader.Commit c = r.commit();
        h.append("<td>").append(c == null ? "" : !c.history() ? "no history" : c.hash() == null ? "none"
            : "<code>" + esc(c.hash()) + "</code> " + esc(c.date())).append("</td><td class=\"num\">")
            .append(c == null || !c.history() ? "" : String.valueOf(c.later())).append("</td>");
      }
      if (layout.latest()) {
        h.append("<td class=\"num\">").append(r.latest() == null ? "" : String.valueOf(r.latest().score()))
            .append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</table>\n<p style=\"color:#656d76;font-size:.8rem\">Sandbox: ").append(esc(isolation))
        .append(".</p>\n</body>\n</html>\n");
    return h.toString();
  }

  // Who the roster expected and did not find, and what came in that it does not list.
  private static String rosterSection(List<ClassGrader.Row> rows, Layout layout) {
    StringBuilder h = new StringBuilder("<h2>Roster</h2>\n<p>Keyed by ").append(esc(layout.roster()))
        .append(": a submission is a student's when its name is their GitHub username or ends with ")
        .append("<code>-username</code>.</p>\n<table>\n<tr><th>What</th><th>Who</th></tr>\n");
    h.append(layout.shard() != null ? rosterRow("No submission (missing)", List.of("known once the shards are merged"))
        : rosterRow("No submission (missing)", rows.stream()
        .filter(r -> r.status().equals(lab.tagging.grading.classroom.Roster.MISSING))
        .map(r -> r.id() + (r.student().githubUsername().isEmpty() ? "" : " (" + r.student().githubUsername() + ")"))
        .toList()));
    h.append(rosterRow("More than one submission (ambiguous)", rows.stream()
        .filter(r -> r.status().equals(lab.tagging.grading.classroom.Roster.AMBIGUOUS))
        .map(r -> r.id() + ": " + String.join("; ", r.flags())).toList()));
    h.append(rosterRow("Submissions not on the roster", notOnRoster(rows)));
    return h.append("</table>\n").toString();
  }

  private static String rosterRow(String what, List<String> who) {
    return "<tr><td>" + esc(what) + "</td><td>" + (who.isEmpty() ? "none" : esc(String.join(", ", who)))
        + "</td></tr>\n";
  }

  /** The rows that grade a submission, without the roster's students who have none. */
  static List<ClassGrader.Row> submitted(List<ClassGrader.Row> rows) {
    return rows.stream().filter(r -> r.entryId() != null).toList();
  }

  private static String stat(String label, String value) {
    return "<div class=\"stat\"><b>" + esc(value) + "</b>" + esc(label) + "</div>";
  }

  // An inline SVG bar chart of scores in bins of ten: no script, no external asset.
  private static String histogram(List<ClassGrader.Row> rows, int max) {
    int bins = 10;
    int[] counts = new int[bins];
    for (ClassGrader.Row r : rows) {
      int bin = max <= 0 ? 0 : Math.min(bins - 1, r.score() * bins / max);
      counts[bin]++;
    }
    int top = Math.max(1, java.util.Arrays.stream(counts).max().orElse(1));
    int width = 640;
    int height = 220;
    int barWidth = (width - 40) / bins;
    StringBuilder svg = new StringBuilder();
    svg.append("<svg role=\"img\" aria-label=\"Score distribution\" width=\"").append(width).append("\" height=\"")
        .append(height + 40).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height + 40)
        .append("\" font-family=\"system-ui,sans-serif\" font-size=\"12\">\n");
    for (int i = 0; i < bins; i++) {
      int h = counts[i] * (height - 20) / top;
      int x = 30 + i * barWidth;
      int y = height - h;
      svg.append("<rect x=\"").append(x + 2).append("\" y=\"").append(y).append("\" width=\"").append(barWidth - 4)
          .append("\" height=\"").append(h).append("\" fill=\"#0969da\"><title>").append(counts[i])
          .append(" submission(s)</title></rect>\n");
      if (counts[i] > 0) {
        svg.append("<text x=\"").append(x + barWidth / 2).append("\" y=\"").append(y - 4)
            .append("\" text-anchor=\"middle\">").append(counts[i]).append("</text>\n");
      }
      int from = i * max / bins;
      int to = i == bins - 1 ? max : (i + 1) * max / bins - 1;
      svg.append("<text x=\"").append(x + barWidth / 2).append("\" y=\"").append(height + 16)
          .append("\" text-anchor=\"middle\" fill=\"#656d76\">").append(from).append('–').append(to).append("</text>\n");
    }
    svg.append("<line x1=\"30\" y1=\"").append(height).append("\" x2=\"").append(width - 10).append("\" y2=\"")
        .append(height).append("\" stroke=\"#8c959f\"/>\n");
    svg.append("<text x=\"").append(width / 2).append("\" y=\"").append(height + 34)
        .append("\" text-anchor=\"middle\" fill=\"#656d76\">score</text>\n</svg>\n");
    return svg.toString();
  }

  static String esc(String text) {
    return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  public static void writeAll(List<ClassGrader.Row> rows, Kit kit, Path outDir, int max, String isolation) throws IOException {
    writeAll(rows, kit, outDir, max, isolation, Layout.PLAIN);
  }

  public static void writeAll(List<ClassGrader.Row> rows, Kit kit, Path outDir, int max, String isolation,
      Layout layout) throws IOException {
    writeAll(rows, kit, outDir, max, isolation, layout, "");
  }

  /** Like the others, with {@code section} (an HTML fragment: the similarity between submissions) in the report. */
  public static void writeAll(List<ClassGrader.Row> rows, Kit kit, Path outDir, int max, String isolation,
      Layout layout, String section) throws IOException {
    gradebook(rows, kit, outDir.resolve("gradebook.csv"), layout);
    String page = html(rows, testStats(rows, outDir), max, isolation, layout);
    String end = "<p style=\"color:#656d76;font-size:.8rem\">Sandbox: ";
    int at = page.lastIndexOf(end);
    if (!section.isEmpty() && at >= 0) {
      page = page.substring(0, at) + section + "\n" + page.substring(at);
    }
    Reports.atomicWrite(outDir.resolve("report.html"), page);
  }

  static boolean exists(Path p) {
    return Files.exists(p);
  }
}
