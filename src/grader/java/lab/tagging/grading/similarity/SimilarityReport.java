package lab.tagging.grading.similarity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a person reads of a {@link Similarity.Result}: a section for the class report with the
 * flagged pairs and their matching code side by side, and a gradebook flag per submission.
 *
 * <p>Student code is hostile input: every character of it, of an id and of a path is escaped,
 * and the section has no script, no style sheet and no link to anything outside itself.
 */
public final class SimilarityReport {

  /** Lines shown around each matching part, for orientation; they are not highlighted. */
  static final int CONTEXT_LINES = 2;
  /** A matching part longer than this shows its first lines only. */
  static final int MAX_LINES_PER_PART = 60;
  /** A longer line is cut: a one-line file must not make the report huge. */
  static final int MAX_LINE_LENGTH = 240;
  /** The matching parts shown of one pair. */
  static final int MAX_PARTS_PER_PAIR = 40;

  private static final String MARK = "display:block;background:#fff8c5;color:inherit";
  private static final String CELL = "text-align:left;vertical-align:top;padding:.3rem;border:1px solid #d0d7de;width:50%";
  private static final String PRE = "margin:0;font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;"
      + "white-space:pre-wrap;overflow-wrap:anywhere";

  private SimilarityReport() {}

  /**
   * The gradebook flag of each submission in a flagged pair, worded as what was measured:
   * {@code similar to bob (87%): see report.html}, or several names when there are several.
   * Submissions in no flagged pair have no entry.
   */
  public static Map<String, String> flags(Similarity.Result result) {
    Map<String, List<String>> similarTo = new TreeMap<>();
    for (Similarity.Pair pair : result.flagged()) {
      String percent = percent(pair.score(result.options()));
      similarTo.computeIfAbsent(pair.idA(), k -> new ArrayList<>()).add(pair.idB() + " (" + percent + ")");
      similarTo.computeIfAbsent(pair.idB(), k -> new ArrayList<>()).add(pair.idA() + " (" + percent + ")");
    }
    Map<String, String> flags = new LinkedHashMap<>();
    similarTo.forEach((id, others) -> flags.put(id, "similar to " + String.join(", ", others) + ": see report.html"));
    return flags;
  }

  /**
   * The report's section on similarity: how the comparison was made, the submissions it left out
   * and why, the flagged pairs with both similarities, and for each pair its matching parts side
   * by side, highlighted, with the lines around them.
   *
   * @param result what {@link Similarity#compare} found
   * @param files the same folders that were compared, by id: the code shown is read from them
   * @return an HTML fragment to put inside a page's {@code body}
   */
  public static String section(Similarity.Result result, Map<String, Path> files) {
    Similarity.Options options = result.options();
    List<Similarity.Pair> flagged = result.flagged();
    String metric = options.metric() == Similarity.Metric.MAXIMUM ? "maximum" : "average";
    StringBuilder h = new StringBuilder();
    h.append("<section id=\"similarity\">\n<h2>Similar submissions</h2>\n");
    h.append("<p>JPlag ").append(Similarity.JPLAG_VERSION).append(" compared the student files of ")
        .append(result.compared()).append(" submissions token by token, with the starter's code left out: what every ")
        .append("student was given counts for no one. A part counts as matching from ")
        .append(options.minimumTokenMatch()).append(" tokens in a row; a pair is listed from ")
        .append(percent(options.threshold())).append(' ').append(metric).append(" similarity. ")
        .append("A listed pair is evidence for a person to look at, not a finding: correct solutions of this lab ")
        .append("share some code by necessity. It changes no score.</p>\n");

    if (!result.notCompared().isEmpty()) {
      h.append("<p>Not compared:</p>\n<ul>\n");
      result.notCompared().forEach((id, why) ->
          h.append("<li>").append(esc(id)).append(": ").append(esc(why)).append("</li>\n"));
      h.append("</ul>\n");
    }

    if (flagged.isEmpty()) {
      h.append("<p>No pair reaches ").append(percent(options.threshold())).append('.');
      if (!result.pairs().isEmpty()) {
        Similarity.Pair top = result.pairs().get(0);
        h.append(" The most similar pair, ").append(esc(top.idA())).append(" and ").append(esc(top.idB()))
            .append(", is at ").append(percent(top.score(options))).append('.');
      }
      h.append("</p>\n</section>\n");
      return h.toString();
    }

    h.append("<table>\n<tr><th>Submissions</th><th style=\"text-align:right\">Average</th><th style=\"text-align:right\">Maximum</th>")
        .append("<th style=\"text-align:right\">Matching tokens</th><th style=\"text-align:right\">Matching parts</th></tr>\n");
    for (int i = 0; i < flagged.size(); i++) {
      Similarity.Pair p = flagged.get(i);
      h.append("<tr><td><a href=\"#similarity-").append(i + 1).append("\">").append(esc(p.idA())).append(" and ")
          .append(esc(p.idB())).append("</a></td><td style=\"text-align:right\">").append(percent(p.similarity()))
          .append("</td><td style=\"text-align:right\">").append(percent(p.maxSimilarity())).append("</td><td style=\"text-align:right\">")
          .append(p.matchedTokens()).append("</td><td style=\"text-align:right\">").append(p.matches().size()).append("</td></tr>\n");
    }
    h.append("</table>\n");

    Sources sources = new Sources(files);
    for (int i = 0; i < flagged.size(); i++) {
      pair(h, i + 1, flagged.get(i), sources);
    }
    h.append("</section>\n");
    return h.toString();
  }

  private static void pair(StringBuilder h, int number, Similarity.Pair p, Sources sources) {
    h.append("<details id=\"similarity-").append(number).append("\">\n<summary>").append(esc(p.idA())).append(" and ")
        .append(esc(p.idB())).append(": ").append(percent(p.similarity())).append(" average, ")
        .append(percent(p.maxSimilarity())).append(" maximum, ").append(p.matches().size())
        .append(" matching part(s)</summary>\n");
    List<Similarity.Match> shown = p.matches().subList(0, Math.min(p.matches().size(), MAX_PARTS_PER_PAIR));
    for (Similarity.Match m : shown) {
      h.append("<table style=\"width:100%;table-layout:fixed;border-collapse:collapse;margin:.5rem 0\">\n<tr>")
          .append("<th style=\"").append(CELL).append("\">").append(esc(p.idA())).append(": ").append(esc(m.fileA()))
          .append(", lines ").append(m.startLineA()).append('–').append(m.endLineA()).append("</th>")
          .append("<th style=\"").append(CELL).append("\">").append(esc(p.idB())).append(": ").append(esc(m.fileB()))
          .append(", lines ").append(m.startLineB()).append('–').append(m.endLineB()).append("</th></tr>\n<tr>")
          .append("<td style=\"").append(CELL).append("\">")
          .append(code(sources.lines(p.idA(), m.fileA()), m.startLineA(), m.endLineA()))
          .append("</td><td style=\"").append(CELL).append("\">")
          .append(code(sources.lines(p.idB(), m.fileB()), m.startLineB(), m.endLineB()))
          .append("</td></tr>\n</table>\n");
    }
    if (shown.size() < p.matches().size()) {
      h.append("<p>… and ").append(p.matches().size() - shown.size()).append(" more matching part(s).</p>\n");
    }
    h.append("</details>\n");
  }

  // The matching lines highlighted as one block, with a few lines around them, each numbered.
  private static String code(List<String> lines, int from, int to) {
    if (lines == null) {
      return "<p>(the file could not be read)</p>";
    }
    StringBuilder c = new StringBuilder("<pre style=\"").append(PRE).append("\">");
    int shownTo = Math.min(to, from + MAX_LINES_PER_PART - 1);
    for (int n = Math.max(1, from - CONTEXT_LINES); n < Math.min(from, lines.size() + 1); n++) {
      line(c, n, lines.get(n - 1));
    }
    c.append("<mark style=\"").append(MARK).append("\">");
    for (int n = from; n <= Math.min(shownTo, lines.size()); n++) {
      line(c, n, lines.get(n - 1));
    }
    if (shownTo < to) {
      c.append("      … ").append(to - shownTo).append(" more matching line(s)\n");
    }
    c.append("</mark>");
    if (shownTo == to) {
      for (int n = to + 1; n <= Math.min(to + CONTEXT_LINES, lines.size()); n++) {
        line(c, n, lines.get(n - 1));
      }
    }
    return c.append("</pre>").toString();
  }

  private static void line(StringBuilder c, int number, String text) {
    c.append(String.format(Locale.ROOT, "%4d  ", number)).append(esc(cut(text))).append('\n');
  }

  private static String cut(String line) {
    return line.length() <= MAX_LINE_LENGTH ? line : line.substring(0, MAX_LINE_LENGTH) + " …";
  }

  /** A similarity as a whole percentage, never rounded up past what was measured. */
  static String percent(double fraction) {
    return (int) Math.floor(fraction * 100 + 1e-9) + "%";
  }

  /**
   * Text made safe for HTML, in an element or an attribute: markup characters become entities,
   * control characters and the invisible direction overrides that can make code read other than
   * it compiles (Trojan Source) become visible marks.
   */
  static String esc(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    text.codePoints().forEach(cp -> {
      switch (cp) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        case '\t' -> out.append('\t');
        default -> {
          if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
            out.append('\ufffd');
          } else if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e || cp == 0x200f
              || cp == 0x061c) {
            out.append(String.format(Locale.ROOT, "[U+%04X]", cp));
          } else {
            out.appendCodePoint(cp);
          }
        }
      }
    });
    return out.toString();
  }

  /** The submissions' files, read once each, only from inside their own folder. */
  private static final class Sources {
    private final Map<String, Path> folders;
    private final Map<String, List<String>> read = new HashMap<>();

    Sources(Map<String, Path> folders) {
      this.folders = folders;
    }

    List<String> lines(String id, String file) {
      return read.computeIfAbsent(id + "\u0000" + file, k -> load(id, file));
    }

    private List<String> load(String id, String file) {
      Path folder = folders.get(id);
      if (folder == null) {
        return null;
      }
      Path root = folder.toAbsolutePath().normalize();
      Path path = root.resolve(file).normalize();
      if (!path.startsWith(root) || !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
        return null;
      }
      try {
        // Lenient decoding: a byte that is not UTF-8 shows as a replacement character.
        return new String(Files.readAllBytes(path), StandardCharsets.UTF_8).lines().collect(Collectors.toList());
      } catch (IOException e) {
        return null;
      }
    }
  }
}
