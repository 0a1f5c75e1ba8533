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

  static void gradebook(List<ClassGrader.Row> rows, Kit kit, Path file) throws IOException {
    List<String> header = new ArrayList<>(List.of("id", "score", "max"));
    kit.steps().forEach(s -> header.add(s.id()));
    header.addAll(List.of("status", "flags", "seconds"));
    StringWriter out = new StringWriter();
    try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new))
        .setRecordSeparator("\n").get())) {
      for (ClassGrader.Row row : rows) {
        List<Object> record = new ArrayList<>(List.of(row.id(), row.score(), row.max() < 0 ? "" : row.max()));
        kit.steps().forEach(s -> record.add(row.steps().getOrDefault(s.id(), 0)));
        record.add(row.status());
        record.add(String.join("; ", row.flags()));
        record.add(String.format(Locale.ROOT, "%.1f", row.seconds()));
        csv.printRecord(record);
      }
    }
    Reports.atomicWrite(file, out.toString());
  }

  /** Reads each student's results.json back for the per-test pass rates. */
  static List<TestStats> testStats(List<ClassGrader.Row> rows, Path outDir) {
    Map<String, int[]> counts = new LinkedHashMap<>();
    Map<String, String> names = new LinkedHashMap<>();
    Map<String, Boolean> hidden = new LinkedHashMap<>();
    for (ClassGrader.Row row : rows) {
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
    long compileErrors = rows.stream().filter(r -> r.status().equals("compile error")).count();
    long timedOut = rows.stream().filter(r -> r.status().equals("timed out")).count();
    long rejected = rows.stream().filter(r -> r.status().equals("rejected")).count();
    long flagged = rows.stream().filter(r -> !r.flags().isEmpty()).count();
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%nGraded %d submissions (%d graded now, %d unchanged since the last run).%n",
        rows.size(), regraded, rows.size() - regraded));
    out.append(String.format(Locale.ROOT, "  failed to compile: %d   timed out: %d   refused: %d   flagged: %d%n",
        compileErrors, timedOut, rejected, flagged));
    out.append(String.format(Locale.ROOT, "  mean score: %.1f   median score: %.1f%n", mean(rows), median(rows)));
    out.append("  sandbox: ").append(isolation).append('\n');
    out.append("  class-data archive for the test JVMs: ").append(sharing.label).append('\n');
    out.append("Gradebook: ").append(outDir.resolve("gradebook.csv")).append('\n');
    out.append("Report:    ").append(outDir.resolve("report.html")).append('\n');
    out.append("Feedback:  ").append(outDir.resolve(ClassGrader.STUDENTS)).append("/<student>/feedback.md\n");
    return out.toString();
  }

  static String html(List<ClassGrader.Row> rows, List<TestStats> stats, int max, String isolation) {
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
        .append("</div>\n");
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
    h.append("<h2>All submissions</h2>\n<table>\n<tr><th>Student</th><th class=\"num\">Score</th><th>Status</th></tr>\n");
    for (ClassGrader.Row r : rows) {
      h.append("<tr><td>").append(esc(r.id())).append("</td><td class=\"num\">").append(r.score()).append('/')
          .append(max).append("</td><td>").append(esc(r.status())).append("</td></tr>\n");
    }
    h.append("</table>\n<p style=\"color:#656d76;font-size:.8rem\">Sandbox: ").append(esc(isolation))
        .append(".</p>\n</body>\n</html>\n");
    return h.toString();
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
    gradebook(rows, kit, outDir.resolve("gradebook.csv"));
    Reports.atomicWrite(outDir.resolve("report.html"), html(rows, testStats(rows, outDir), max, isolation));
  }

  static boolean exists(Path p) {
    return Files.exists(p);
  }
}
