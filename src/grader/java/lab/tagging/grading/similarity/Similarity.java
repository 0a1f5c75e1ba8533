package lab.tagging.grading.similarity;

import com.sun.source.util.JavacTask;
import de.jplag.GreedyStringTiling;
import de.jplag.JPlagComparison;
import de.jplag.ParsingException;
import de.jplag.Submission;
import de.jplag.Token;
import de.jplag.options.JPlagOptions;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Pairs of submissions whose student files are alike, found with JPlag's Java front end and its
 * greedy string tiling, with the starter's code as base code so that the code every student was
 * given does not count.
 *
 * <p>A similarity is evidence for a person to look at, never a finding: independent correct
 * solutions of a small, tightly specified lab share some code by necessity (the same annotations
 * on the same fields), so the threshold sits well above what they share. See {@link Options}.
 */
public final class Similarity {

  /** The JPlag release this class is written against (its front end and similarity metrics). */
  public static final String JPLAG_VERSION = "4.3.0";

  static {
    // JPlag logs every syntax error of a student's file and every step at info or error level;
    // a class run prints a progress bar, and the result reports what matters. An explicit
    // setting (-Dorg.slf4j.simpleLogger.log.de.jplag=info) still wins.
    if (System.getProperty("org.slf4j.simpleLogger.log.de.jplag") == null) {
      System.setProperty("org.slf4j.simpleLogger.log.de.jplag", "off");
    }
  }

  /** Which of JPlag's similarities the threshold applies to. */
  public enum Metric {
    /** Matched tokens over the average size of the two (JPlag's default, "AVG"). */
    AVERAGE,
    /** Matched tokens over the smaller of the two: high when one is mostly inside the other ("MAX"). */
    MAXIMUM
  }

  /**
   * How to compare.
   *
   * @param threshold a pair is flagged when its {@code metric} similarity is at least this, in [0, 1]
   * @param metric which similarity the threshold applies to
   * @param minimumTokenMatch the shortest run of tokens that counts as a match (JPlag's {@code -t})
   * @param maxTokens a submission with more tokens than this is not compared (reported instead):
   *     the tiling's cost grows with the square of the size, and a hostile submission could be huge
   * @param maxBytes a submission whose Java files add up to more bytes than this is not parsed
   */
  public record Options(double threshold, Metric metric, int minimumTokenMatch, int maxTokens, long maxBytes) {

    /**
     * The default threshold, on the average similarity. Measured with the default minimum match
     * on the fixtures of {@code SimilarityTest} and the reference solution: independent correct
     * solutions share from 13% to 44% once the starter is excluded (the same annotations on the
     * same fields, the same imports, the same shape of query), a copy with renamed identifiers and
     * reordered methods and annotations keeps 83%. 0.6 sits in that gap with room on both sides;
     * a class brings more pairs of independent work than the fixtures, and so a higher tail.
     * A copy disguised further (statements reordered, loops turned into streams) scores lower:
     * lower the threshold to look at more pairs.
     */
    public static final double DEFAULT_THRESHOLD = 0.6;

    /**
     * The default minimum match: JPlag's own default for Java, which also separated the fixtures
     * best. Shorter runs match independent solutions by accident on their annotations (at 7
     * tokens the highest independent pair rises to 55%, the copy stays at 84%; at 5, 63% and
     * 90%); longer ones let short copied parts go unseen (at 12, 47% and 81%; at 14 the copy
     * falls to 71%).
     */
    public static final int DEFAULT_MINIMUM_TOKEN_MATCH = 9;

    /** Ten times the reference solution's student files, whose tiling with another takes milliseconds. */
    public static final int DEFAULT_MAX_TOKENS = 8_000;

    /** Thirty times the reference solution's student files (17 KB): javac parses it in a second. */
    public static final long DEFAULT_MAX_BYTES = 512L * 1024;

    public Options {
      if (!(threshold >= 0 && threshold <= 1)) {
        throw new IllegalArgumentException("the similarity threshold is a fraction from 0 to 1, not " + threshold);
      }
      Objects.requireNonNull(metric, "metric");
      if (minimumTokenMatch < 1) {
        throw new IllegalArgumentException("the minimum token match is at least 1, not " + minimumTokenMatch);
      }
      if (maxTokens < 1 || maxBytes < 1) {
        throw new IllegalArgumentException("the size limits are positive");
      }
    }

    /** The defaults: average similarity of at least {@value #DEFAULT_THRESHOLD}, JPlag's minimum match. */
    public static Options defaults() {
      return new Options(DEFAULT_THRESHOLD, Metric.AVERAGE, DEFAULT_MINIMUM_TOKEN_MATCH, DEFAULT_MAX_TOKENS,
          DEFAULT_MAX_BYTES);
    }

    /** These options with another threshold, in [0, 1]. */
    public Options withThreshold(double threshold) {
      return new Options(threshold, metric, minimumTokenMatch, maxTokens, maxBytes);
    }

    /** These options with the threshold applied to another similarity. */
    public Options withMetric(Metric metric) {
      return new Options(threshold, metric, minimumTokenMatch, maxTokens, maxBytes);
    }

    /** These options with another minimum match length, in tokens. */
    public Options withMinimumTokenMatch(int minimumTokenMatch) {
      return new Options(threshold, metric, minimumTokenMatch, maxTokens, maxBytes);
    }

    /** These options with other size limits for one submission. */
    public Options withLimits(int maxTokens, long maxBytes) {
      return new Options(threshold, metric, minimumTokenMatch, maxTokens, maxBytes);
    }
  }

  /**
   * One matching part of a pair: lines of a file of the first submission that tile, token for
   * token, with lines of a file of the second. Files are relative to each submission's folder,
   * with {@code /} as separator; lines count from 1 and include both ends.
   */
  public record Match(String fileA, int startLineA, int endLineA, String fileB, int startLineB, int endLineB,
      int tokens) {}

  /**
   * Two submissions and how alike they are, with the starter's code left out of both.
   *
   * @param idA the first id, in the order of {@link String#compareTo}
   * @param idB the second id
   * @param similarity JPlag's average similarity: matched tokens over the mean size of the two, in [0, 1]
   * @param maxSimilarity JPlag's maximum similarity: matched tokens over the smaller of the two
   * @param matchedTokens the tokens the two have in common
   * @param matches the matching parts, in the order of {@code idA}'s files and lines
   */
  public record Pair(String idA, String idB, double similarity, double maxSimilarity, int matchedTokens,
      List<Match> matches) {

    public Pair {
      matches = List.copyOf(matches);
    }

    /** The similarity the threshold of {@code options} applies to. */
    public double score(Options options) {
      return options.metric() == Metric.MAXIMUM ? maxSimilarity : similarity;
    }

    /** The other id of the pair. */
    public String other(String id) {
      return id.equals(idA) ? idB : idA;
    }
  }

  /**
   * What a comparison found.
   *
   * @param pairs every pair of compared submissions, most similar first
   * @param notCompared the submissions left out, with why (a syntax error, no Java file, too large)
   * @param compared how many submissions were compared
   * @param options the options it ran with
   */
  public record Result(List<Pair> pairs, Map<String, String> notCompared, int compared, Options options) {

    public Result {
      pairs = List.copyOf(pairs);
      notCompared = Collections.unmodifiableMap(new TreeMap<>(notCompared));
    }

    /** The pairs at or above the threshold, most similar first: the ones for a person to look at. */
    public List<Pair> flagged() {
      return pairs.stream().filter(p -> p.score(options) >= options.threshold()).toList();
    }
  }

  private Similarity() {}

  /**
   * Compares every two submissions with the defaults.
   *
   * @see #compare(Map, Path, Options)
   */
  public static Result compare(Map<String, Path> studentFilesById, Path baseCode) {
    return compare(studentFilesById, baseCode, Options.defaults());
  }

  /**
   * Compares every two submissions.
   *
   * <p>Each submission is a folder holding only its student files, at the paths of
   * {@code student-files.txt}; its {@code .java} files are read (symbolic links are not followed).
   * A submission that does not parse as Java, holds no Java file or exceeds the size limits is
   * left out and listed in {@link Result#notCompared()}; with fewer than two left, there is
   * nothing to compare and the result has no pairs. Nothing is written anywhere.
   *
   * @param studentFilesById each submission's folder, by submission id
   * @param baseCode a folder with the starter's versions of the student files: code that matches it
   *     counts in no pair
   * @param options the threshold and the comparison's settings
   * @throws IllegalArgumentException if the base code has no Java file or does not parse
   */
  public static Result compare(Map<String, Path> studentFilesById, Path baseCode, Options options) {
    Objects.requireNonNull(studentFilesById, "studentFilesById");
    Objects.requireNonNull(baseCode, "baseCode");
    Objects.requireNonNull(options, "options");
    // javac's parser recurses once per nesting level: a hostile file of nested parentheses would
    // overflow an ordinary stack. A thread of its own with a deep stack parses real code of any
    // shape, and an overflow there is caught as that one submission's failure.
    AtomicReference<Result> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread worker = new Thread(null, () -> {
      try {
        result.set(run(studentFilesById, baseCode, options));
      } catch (Throwable t) {
        failure.set(t);
      }
    }, "similarity", 256L * 1024 * 1024);
    worker.start();
    try {
      worker.join();
    } catch (InterruptedException e) {
      worker.interrupt();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while comparing submissions", e);
    }
    Throwable t = failure.get();
    if (t instanceof RuntimeException e) {
      throw e;
    } else if (t instanceof Error e) {
      throw e;
    } else if (t != null) {
      throw new IllegalStateException(t);
    }
    return result.get();
  }

  private static Result run(Map<String, Path> studentFilesById, Path baseCode, Options options) {
    // One parser per run: JPlag's Java front end keeps its tokens in a field.
    de.jplag.java.Language language = new de.jplag.java.Language();
    JPlagOptions jplag = new JPlagOptions(language, Set.of(), Set.of())
        .withMinimumTokenMatch(options.minimumTokenMatch());

    Sources base = Sources.of(baseCode);
    if (base.files().isEmpty()) {
      throw new IllegalArgumentException("the base code " + baseCode + " holds no Java file");
    }
    // The kit's own code: the size limits are for students' submissions.
    Parsed baseParsed = parse(language, "(starter)", base, options.withLimits(Integer.MAX_VALUE, Long.MAX_VALUE));
    if (baseParsed.submission() == null) {
      throw new IllegalArgumentException("the base code does not parse: " + baseParsed.problem());
    }

    Map<String, String> notCompared = new LinkedHashMap<>();
    Map<String, Parsed> parsed = new TreeMap<>();
    for (Map.Entry<String, Path> e : new TreeMap<>(studentFilesById).entrySet()) {
      Sources sources;
      try {
        sources = Sources.of(e.getValue());
      } catch (UncheckedIOException | IllegalArgumentException unreadable) {
        notCompared.put(e.getKey(), "its files could not be read (" + unreadable.getMessage() + ")");
        continue;
      }
      if (sources.files().isEmpty()) {
        notCompared.put(e.getKey(), "it holds no Java file");
        continue;
      }
      Parsed p = parse(language, e.getKey(), sources, options);
      if (p.submission() == null) {
        notCompared.put(e.getKey(), p.problem());
      } else {
        parsed.put(e.getKey(), p);
      }
    }

    GreedyStringTiling tiling = new GreedyStringTiling(jplag);
    for (Parsed p : parsed.values()) {
      // Marks the tokens that tile with the starter, so that no pair matches them and they count
      // in neither side's size (JPlag's own base code handling).
      p.submission().setBaseCodeComparison(tiling.generateBaseCodeMarking(p.submission(), baseParsed.submission()));
    }

    List<Parsed> list = new ArrayList<>(parsed.values());
    List<Pair> pairs = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      for (int j = i + 1; j < list.size(); j++) {
        pairs.add(pair(list.get(i), list.get(j), tiling.compare(list.get(i).submission(), list.get(j).submission())));
      }
    }
    pairs.sort(Comparator.comparingDouble((Pair p) -> p.score(options)).reversed()
        .thenComparing(Pair::idA).thenComparing(Pair::idB));
    return new Result(pairs, notCompared, list.size(), options);
  }

  /** A submission's Java files, by path relative to its folder. */
  record Sources(Path root, Map<String, Path> files, long bytes) {

    static Sources of(Path folder) {
      Path root = folder.toAbsolutePath().normalize();
      if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
        throw new IllegalArgumentException("not a folder");
      }
      Map<String, Path> files = new TreeMap<>();
      long bytes = 0;
      // Files.walk does not follow links; a linked file is not a regular file without following.
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path p : walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
            .filter(p -> p.getFileName().toString().endsWith(".java")).toList()) {
          files.put(root.relativize(p).toString().replace(File.separatorChar, '/'), p);
          bytes += Files.size(p);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new Sources(root, files, bytes);
    }

    String relative(File file) {
      Path p = file.toPath().toAbsolutePath().normalize();
      return root.relativize(p).toString().replace(File.separatorChar, '/');
    }
  }

  /** A parsed submission, or why it could not be parsed. */
  private record Parsed(String id, Sources sources, Submission submission, String problem) {}

  private static Parsed parse(de.jplag.java.Language language, String id, Sources sources, Options options) {
    if (sources.bytes() > options.maxBytes()) {
      return new Parsed(id, sources, null, String.format(Locale.ROOT,
          "its Java files are too large to compare (%,d bytes; the limit is %,d)", sources.bytes(), options.maxBytes()));
    }
    // In path order, so that the same files give the same tokens in the same order every run.
    Set<File> files = new LinkedHashSet<>();
    sources.files().values().forEach(p -> files.add(p.toFile()));
    List<Token> tokens;
    try {
      tokens = language.parse(files);
    } catch (ParsingException e) {
      return new Parsed(id, sources, null, syntaxError(sources));
    } catch (RuntimeException | StackOverflowError e) {
      // javac wraps what goes wrong inside it, an overflowing stack included: one submission's
      // failure is that submission's, and the others are still compared.
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof StackOverflowError) {
          return new Parsed(id, sources, null, "its code is nested too deeply to parse");
        }
      }
      return new Parsed(id, sources, null, "its files could not be parsed (" + e + ")");
    }
    if (tokens.size() - files.size() > options.maxTokens()) {
      return new Parsed(id, sources, null, String.format(Locale.ROOT,
          "it is too large to compare (%,d tokens; the limit is %,d)", tokens.size() - files.size(), options.maxTokens()));
    }
    Submission submission = new Submission(id, sources.root().toFile(), true, files, language);
    submission.setTokenList(tokens);
    return new Parsed(id, sources, submission, null);
  }

  // JPlag's own message names the file by its absolute path and not the line; javac, asked again
  // for just this submission, gives both.
  private static String syntaxError(Sources sources) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT,
        StandardCharsets.UTF_8)) {
      JavacTask task = (JavacTask) javac.getTask(null, fm, diagnostics, List.of("-proc:none"), null,
          fm.getJavaFileObjectsFromPaths(sources.files().values()));
      task.parse();
    } catch (IOException | RuntimeException | StackOverflowError e) {
      return "its files do not parse as Java";
    }
    return diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).findFirst()
        .map(d -> {
          String file = d.getSource() == null ? "?" : sources.relative(new File(d.getSource().toUri()));
          return "it does not parse as Java: " + file + ":" + d.getLineNumber() + ": "
              + d.getMessage(Locale.ROOT).lines().findFirst().orElse("syntax error");
        })
        .orElse("its files do not parse as Java");
  }

  private static Pair pair(Parsed a, Parsed b, JPlagComparison comparison) {
    // The tiling puts the smaller submission first; a pair is always in id order.
    boolean swapped = comparison.firstSubmission() != a.submission();
    List<Match> matches = new ArrayList<>();
    for (de.jplag.Match m : comparison.matches()) {
      int startA = swapped ? m.startOfSecond() : m.startOfFirst();
      int startB = swapped ? m.startOfFirst() : m.startOfSecond();
      Span spanA = span(a, startA, m.length());
      Span spanB = span(b, startB, m.length());
      matches.add(new Match(spanA.file(), spanA.from(), spanA.to(), spanB.file(), spanB.from(), spanB.to(), m.length()));
    }
    matches.sort(Comparator.comparing(Match::fileA).thenComparingInt(Match::startLineA)
        .thenComparing(Match::fileB).thenComparingInt(Match::startLineB));
    return new Pair(a.id(), b.id(), comparison.similarity(), comparison.maximalSimilarity(),
        comparison.getNumberOfMatchedTokens(), matches);
  }

  private record Span(String file, int from, int to) {}

  // A match never crosses a file: the end-of-file token between two files is never part of one.
  private static Span span(Parsed parsed, int start, int length) {
    List<Token> tokens = parsed.submission().getTokenList().subList(start, start + length);
    int from = Integer.MAX_VALUE;
    int to = 0;
    for (Token t : tokens) {
      if (t.getLine() > 0) {
        from = Math.min(from, t.getLine());
        to = Math.max(to, t.getLine());
      }
    }
    return new Span(parsed.sources().relative(tokens.get(0).getFile()), from == Integer.MAX_VALUE ? 0 : from, to);
  }
}
