import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import javax.sql.DataSource;
import lab.tagging.db.Database;
import lab.tagging.posts.Post;
import lab.tagging.tags.Tag;
import lab.tagging.web.TaggingApp;

/**
 * The API benchmark: the reference solution's {@code GET /posts} and {@code POST
 * /posts/{id}/tags/{tid}} against a hand-written floor ({@link Floor}) served by the same app, on
 * H2 in memory and on a PostgreSQL server started in process. Run it with {@code run.sh}; it is
 * never part of the build or of CI.
 */
public final class ApiBenchmark {

  /** The command line: {@code --name=value} for every field, all optional. */
  static final class Options {
    List<String> dbs = List.of("h2", "postgresql");
    int posts = 1000;
    int tagsPerPost = 5;
    int getTags = 50;
    int rounds = 5;
    double seconds = 8;
    double warmup = 10;
    int getClients = 2;
    int postClients = 8;
    int postPosts = 200;
    int postTags = 10;
    int postRequests = 300;
    List<String> endpoints = List.of("get", "post");
    boolean withIndex = false;

    static Options parse(String[] args) {
      Options o = new Options();
      for (String arg : args) {
        if (!arg.startsWith("--")) {
          throw new IllegalArgumentException("options are --name=value, not " + arg);
        }
        String[] kv = arg.substring(2).split("=", 2);
        String v = kv.length == 2 ? kv[1] : "true";
        switch (kv[0]) {
          case "db" -> o.dbs = List.of(v.split(","));
          case "posts" -> o.posts = Integer.parseInt(v);
          case "tags-per-post" -> o.tagsPerPost = Integer.parseInt(v);
          case "rounds" -> o.rounds = Integer.parseInt(v);
          case "seconds" -> o.seconds = Double.parseDouble(v);
          case "warmup" -> o.warmup = Double.parseDouble(v);
          case "get-clients" -> o.getClients = Integer.parseInt(v);
          case "post-clients" -> o.postClients = Integer.parseInt(v);
          case "post-posts" -> o.postPosts = Integer.parseInt(v);
          case "post-tags" -> o.postTags = Integer.parseInt(v);
          case "post-requests" -> o.postRequests = Integer.parseInt(v);
          case "endpoints" -> o.endpoints = List.of(v.split(","));
          case "with-index" -> o.withIndex = Boolean.parseBoolean(v);
          default -> throw new IllegalArgumentException("unknown option --" + kv[0]);
        }
      }
      return o;
    }
  }

  /** One line of the table: the medians over the rounds of one database, endpoint and implementation. */
  record Line(String db, String endpoint, String impl, List<Load.Round> rounds, double statements) {

    double median(ToDoubleFunction<Load.Round> f) {
      double[] v = rounds.stream().mapToDouble(f).sorted().toArray();
      return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    double perSecond() {
      return median(Load.Round::perSecond);
    }

    double p(double q) {
      return median(r -> r.millis(q));
    }

    long errors() {
      return rounds.stream().mapToLong(Load.Round::errors).sum();
    }

    TreeMap<Integer, Long> statuses() {
      TreeMap<Integer, Long> all = new TreeMap<>();
      rounds.forEach(r -> r.statuses().forEach((k, v) -> all.merge(k, v, Long::sum)));
      return all;
    }
  }

  private static final String SOLUTION = "solution";
  private static final String FLOOR = "floor";

  private final Options o;
  private final List<Line> lines = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private boolean failed;

  private ApiBenchmark(Options o) {
    this.o = o;
  }

  public static void main(String[] args) {
    try {
      run(Options.parse(args));
    } catch (Throwable e) {
      System.out.flush();
      System.err.println("\nAPI BENCHMARK FAILED: " + e.getMessage());
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static void run(Options o) throws Exception {
    ApiBenchmark bench = new ApiBenchmark(o);
    System.out.printf(Locale.ROOT, "API benchmark: %d posts x %d tags; GET with %d clients, %d rounds of %.0f s each"
        + " (after %.0f s of warm-up); POST with %d clients, %d rounds of %d requests each%n",
        o.posts, o.tagsPerPost, o.getClients, o.rounds, o.seconds, o.warmup, o.postClients, o.rounds,
        o.postClients * o.postRequests);
    System.out.printf(Locale.ROOT, "JVM %s, %d processors%n", System.getProperty("java.vm.version"),
        Runtime.getRuntime().availableProcessors());
    long start = System.nanoTime();
    for (String db : o.dbs) {
      switch (db.strip().toLowerCase(Locale.ROOT)) {
        case "h2" -> bench.onH2();
        case "postgresql", "postgres" -> bench.onPostgres();
        default -> throw new IllegalArgumentException("--db takes h2 and/or postgresql, not " + db);
      }
    }
    bench.report();
    System.out.printf(Locale.ROOT, "%nTotal time %.0f s%n", (System.nanoTime() - start) / 1e9);
    System.exit(bench.failed ? 1 : 0);
  }

  private void onH2() throws Exception {
    System.out.println("\n== H2 (in memory)");
    try (Database db = Database.open(Database.Settings.forUrl("jdbc:h2:mem:apibench;DB_CLOSE_DELAY=-1"))) {
      try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
        s.execute("set query_statistics_max_entries 1000");
        s.execute("set query_statistics true");
      }
      measure("H2", db, false);
    }
  }

  private void onPostgres() throws Exception {
    System.out.println("\n== PostgreSQL (embedded server)");
    try (EmbeddedPostgres server = EmbeddedPostgres.builder()
        // The same server settings as the kit's graded tests (PostgresServer).
        .setServerConfig("shared_preload_libraries", "pg_stat_statements")
        .setServerConfig("pg_stat_statements.track", "all")
        .setServerConfig("fsync", "off")
        .setServerConfig("synchronous_commit", "off")
        .setServerConfig("full_page_writes", "off")
        .setPGStartupWait(Duration.ofSeconds(60))
        .start()) {
      try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
        s.execute("create database apibench");
      }
      String url = server.getJdbcUrl("postgres", "apibench");
      try (Connection c = java.sql.DriverManager.getConnection(url); Statement s = c.createStatement()) {
        s.execute("create extension if not exists pg_stat_statements");
        try (ResultSet rs = s.executeQuery("select version()")) {
          rs.next();
          System.out.println(rs.getString(1));
        }
      }
      try (Database db = Database.open(Database.Settings.forUrl(url).as("postgres", ""))) {
        measure("PostgreSQL", db, true);
      }
    }
  }

  private void measure(String dbName, Database db, boolean postgres) throws Exception {
    Clock clock = Clock.systemUTC();
    Seeded data = seed(db, postgres, clock);
    Statements statements = new Statements(db.dataSource(), postgres);
    Load.Cpu cpu = postgres ? Cpu.jvmAndServer(db.dataSource()) : Cpu::jvm;
    // The floor's routes go on the solution's own Javalin instance: same server, same threads,
    // same JSON content type and error handlers.
    TaggingApp app = new TaggingApp(db, clock);
    new Floor(db.dataSource(), postgres, clock).register(app.javalin());
    app.start(0);
    try (Load load = new Load(Math.max(o.getClients, o.postClients), cpu)) {
      String base = "http://localhost:" + app.port();
      Map<String, URI> lists = new LinkedHashMap<>();
      lists.put(SOLUTION, URI.create(base + "/posts"));
      lists.put(FLOOR, URI.create(base + "/floor/posts"));

      // 1. The floor must answer exactly what the solution answers, or the comparison means nothing.
      byte[] expected = sameBytes(lists.get(SOLUTION), lists.get(FLOOR));
      System.out.printf(Locale.ROOT, "GET /posts: the floor's %,d bytes equal the solution's%n", expected.length);
      checkPostAnswers(base, data, db, postgres);
      System.out.println("POST /posts/{id}/tags/{tid}: the floor answers the solution's statuses and bytes (201, 200, 404)");

      // 2. Statements per read, counted by the database, one request at a time.
      countReads(dbName, lists, statements);

      if (o.endpoints.contains("get")) {
        measureGet(dbName, lists, expected.length, load, statements);
      }
      if (o.endpoints.contains("post")) {
        measurePost(dbName, base, data, db, postgres, load, statements);
      }
    } finally {
      app.stop();
    }
  }

  private void countReads(String dbName, Map<String, URI> lists, Statements statements) throws Exception {
    int reads = 10;
    for (var e : lists.entrySet()) {
      statements.reset();
      for (int i = 0; i < reads; i++) {
        HttpResponse<byte[]> r = Load.once(Load.get(e.getValue()));
        if (r.statusCode() != 200) {
          throw new AssertionError("GET " + e.getValue() + " answered " + r.statusCode());
        }
      }
      List<Statements.Ran> ran = statements.list();
      double per = ran.stream().mapToLong(Statements.Ran::times).sum() / (double) reads;
      System.out.printf(Locale.ROOT, "GET /posts, %s: %s SQL statements per read (%d reads, one at a time)%s%n",
          e.getKey(), fmt(per), reads, Statements.listing(ran));
      if (e.getKey().equals(SOLUTION) && per != 1.0) {
        notes.add(dbName + ": the solution's GET /posts sent " + fmt(per) + " statements per read, not 1");
        failed = true;
      }
    }
  }

  // 3. GET /posts under load: a warm-up, then rounds of o.seconds each, the solution and the floor
  //    in alternating order. A response with a status other than 200 or another length is an error.
  private void measureGet(String dbName, Map<String, URI> lists, long bytes, Load load, Statements statements)
      throws Exception {
    System.out.printf(Locale.ROOT, "GET /posts: warming up (%.0f s)%n", o.warmup);
    for (int i = 0; i < 2; i++) {
      for (URI uri : lists.values()) {
        HttpRequest request = Load.get(uri);
        load.run(o.getClients, o.warmup / 4, 0, bytes, (c, n) -> request);
      }
    }
    Map<String, List<Load.Round>> rounds = new LinkedHashMap<>();
    Map<String, List<Double>> perRequest = new LinkedHashMap<>();
    for (int round = 0; round < o.rounds; round++) {
      for (String impl : order(round)) {
        HttpRequest request = Load.get(lists.get(impl));
        statements.reset();
        Load.Round r = load.run(o.getClients, o.seconds, 0, bytes, (c, n) -> request);
        double per = statements.count() / (double) r.requests();
        rounds.computeIfAbsent(impl, k -> new ArrayList<>()).add(r);
        perRequest.computeIfAbsent(impl, k -> new ArrayList<>()).add(per);
        progress(dbName, "GET /posts", impl, round, r, per);
      }
    }
    for (String impl : List.of(SOLUTION, FLOOR)) {
      lines.add(new Line(dbName, "GET /posts", impl, rounds.get(impl), median(perRequest.get(impl))));
    }
  }

  // 4. POST /posts/{id}/tags/{tid} from o.postClients clients. Every round starts without any link
  //    of the pool's tags, and every client sends the same seeded sequence of (post, tag) pairs of
  //    the pool in every round, so the mix of new links (201) and repeats (200, including pairs
  //    that two clients add at about the same time) is the same for the solution and the floor.
  private void measurePost(String dbName, String base, Seeded data, Database db, boolean postgres, Load load,
      Statements statements) throws Exception {
    Map<String, String> paths = Map.of(SOLUTION, base + "/posts/%d/tags/%d", FLOOR, base + "/floor/posts/%d/tags/%d");
    Map<String, HttpRequest[][]> plans = new LinkedHashMap<>();
    for (String impl : List.of(SOLUTION, FLOOR)) {
      HttpRequest[][] plan = new HttpRequest[o.postClients][o.postRequests];
      for (int c = 0; c < o.postClients; c++) {
        Random random = new Random(1000 + c);
        for (int i = 0; i < o.postRequests; i++) {
          long post = data.postPool[random.nextInt(data.postPool.length)];
          long tag = data.tagPool[random.nextInt(data.tagPool.length)];
          plan[c][i] = Load.post(URI.create(paths.get(impl).formatted(post, tag)));
        }
      }
      plans.put(impl, plan);
    }
    System.out.println("POST /posts/{id}/tags/{tid}: warming up (two rounds each)");
    for (int i = 0; i < 2; i++) {
      for (String impl : List.of(SOLUTION, FLOOR)) {
        data.unlinkPool(db, postgres);
        HttpRequest[][] plan = plans.get(impl);
        load.run(o.postClients, 0, o.postRequests, 0, (c, n) -> plan[c][n]);
      }
    }
    Map<String, List<Load.Round>> rounds = new LinkedHashMap<>();
    Map<String, List<Double>> perRequest = new LinkedHashMap<>();
    for (int round = 0; round < o.rounds; round++) {
      for (String impl : order(round)) {
        data.unlinkPool(db, postgres);
        HttpRequest[][] plan = plans.get(impl);
        statements.reset();
        Load.Round r = load.run(o.postClients, 0, o.postRequests, 0, (c, n) -> plan[c][n]);
        double per = statements.count() / (double) r.requests();
        rounds.computeIfAbsent(impl, k -> new ArrayList<>()).add(r);
        perRequest.computeIfAbsent(impl, k -> new ArrayList<>()).add(per);
        progress(dbName, "POST /posts/{id}/tags/{tid}", impl, round, r, per);
      }
    }
    for (String impl : List.of(SOLUTION, FLOOR)) {
      lines.add(new Line(dbName, "POST /posts/{id}/tags/{tid}", impl, rounds.get(impl), median(perRequest.get(impl))));
    }
  }

  // Interleaved: solution first in even rounds, floor first in odd ones.
  private static List<String> order(int round) {
    return round % 2 == 0 ? List.of(SOLUTION, FLOOR) : List.of(FLOOR, SOLUTION);
  }

  private static void progress(String db, String endpoint, String impl, int round, Load.Round r, double statements) {
    System.out.printf(Locale.ROOT, "  %s %s %-8s round %d: %7.1f req/s  p50 %7.2f ms  p90 %7.2f ms  p99 %7.2f ms"
        + "  CPU %6.2f ms/request  %s statements/request  %d errors  %s%s%n",
        db, endpoint, impl, round + 1, r.perSecond(), r.millis(0.5), r.millis(0.9), r.millis(0.99), r.cpuMillis(),
        fmt(statements), r.errors(), r.statuses(), r.firstError() == null ? "" : "  first error: " + r.firstError());
  }

  /** The solution's and the floor's answers to GET, which must be the same bytes. */
  private static byte[] sameBytes(URI solution, URI floor) throws Exception {
    HttpResponse<byte[]> a = Load.once(Load.get(solution));
    HttpResponse<byte[]> b = Load.once(Load.get(floor));
    if (a.statusCode() != 200 || b.statusCode() != 200) {
      throw new AssertionError("GET answered " + a.statusCode() + " (solution) and " + b.statusCode()
          + " (floor): " + new String(a.body(), java.nio.charset.StandardCharsets.UTF_8));
    }
    sameAnswer("GET /posts", a, b);
    return a.body();
  }

  private static void sameAnswer(String what, HttpResponse<byte[]> solution, HttpResponse<byte[]> floor) {
    String typeA = solution.headers().firstValue("content-type").orElse("");
    String typeB = floor.headers().firstValue("content-type").orElse("");
    if (solution.statusCode() != floor.statusCode() || !typeA.equals(typeB)) {
      throw new AssertionError(what + ": the solution answered " + solution.statusCode() + " " + typeA
          + ", the floor " + floor.statusCode() + " " + typeB);
    }
    byte[] a = solution.body();
    byte[] b = floor.body();
    int at = Arrays.mismatch(a, b);
    if (at >= 0) {
      throw new AssertionError(what + ": THE FLOOR'S BYTES DIFFER FROM THE SOLUTION'S at byte " + at + " of "
          + a.length + " / " + b.length + ":\n  solution: …" + around(a, at) + "…\n  floor:    …" + around(b, at) + "…");
    }
  }

  private static String around(byte[] bytes, int at) {
    int from = Math.max(0, at - 80);
    int to = Math.min(bytes.length, at + 80);
    return new String(bytes, from, to - from, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The floor's POST gives the solution's status and bytes for a new link, a repeat and a missing post or tag. */
  private static void checkPostAnswers(String base, Seeded data, Database db, boolean postgres) throws Exception {
    long tag = data.tagPool[0];
    long p1 = data.postPool[0];
    long p2 = data.postPool[1];
    String sol = base + "/posts/%d/tags/%d";
    String flo = base + "/floor/posts/%d/tags/%d";
    HttpResponse<byte[]> floorNew = Load.once(Load.post(URI.create(flo.formatted(p1, tag))));
    HttpResponse<byte[]> solutionRepeat = Load.once(Load.post(URI.create(sol.formatted(p1, tag))));
    HttpResponse<byte[]> floorRepeat = Load.once(Load.post(URI.create(flo.formatted(p1, tag))));
    HttpResponse<byte[]> solutionNew = Load.once(Load.post(URI.create(sol.formatted(p2, tag))));
    HttpResponse<byte[]> floorRepeat2 = Load.once(Load.post(URI.create(flo.formatted(p2, tag))));
    expect(floorNew, 201);
    expect(solutionNew, 201);
    expect(solutionRepeat, 200);
    sameBody("POST, a new link (floor) then a repeat (solution)", floorNew, solutionRepeat);
    sameAnswer("POST, a repeat", solutionRepeat, floorRepeat);
    sameBody("POST, a new link (solution) then a repeat (floor)", solutionNew, floorRepeat2);
    long missing = 999_999_999L;
    sameAnswer("POST, no such post", Load.once(Load.post(URI.create(sol.formatted(missing, tag)))),
        Load.once(Load.post(URI.create(flo.formatted(missing, tag)))));
    sameAnswer("POST, no such tag", Load.once(Load.post(URI.create(sol.formatted(p1, missing)))),
        Load.once(Load.post(URI.create(flo.formatted(p1, missing)))));
    data.unlinkPool(db, postgres);
  }

  private static void expect(HttpResponse<byte[]> r, int status) {
    if (r.statusCode() != status) {
      throw new AssertionError(r.request().method() + " " + r.uri() + " answered " + r.statusCode() + ", not " + status
          + ": " + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private static void sameBody(String what, HttpResponse<byte[]> a, HttpResponse<byte[]> b) {
    if (!Arrays.equals(a.body(), b.body())) {
      throw new AssertionError(what + ": THE BODIES DIFFER:\n  " + new String(a.body(), java.nio.charset.StandardCharsets.UTF_8)
          + "\n  " + new String(b.body(), java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  /** The ids the load uses: the posts and tags of the POST pool. */
  record Seeded(long[] postPool, long[] tagPool) {

    /** Removes every link of the POST pool's tags, so that each round starts from the same rows. */
    void unlinkPool(Database db, boolean postgres) throws SQLException {
      StringBuilder ids = new StringBuilder();
      for (long t : tagPool) {
        ids.append(ids.length() == 0 ? "" : ",").append(t);
      }
      try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
        c.setAutoCommit(true);
        s.executeUpdate((postgres ? "delete from \"Itemtags\"" : "delete from Itemtags") + " where tag_id in (" + ids + ")");
        if (postgres) {
          s.execute("vacuum analyze \"Itemtags\"");
        }
      }
    }
  }

  /**
   * {@code posts} posts with {@code tagsPerPost} tags each out of {@code getTags} tags, added in a
   * random order (the answer must sort them), plus the POST pool's own tags, linked to nothing.
   * Texts and names carry what JSON must escape, timestamps are spread over milliseconds (some on
   * a whole second), all through the app's own entities.
   */
  private Seeded seed(Database db, boolean postgres, Clock clock) throws SQLException {
    long started = System.nanoTime();
    Random random = new Random(42);
    Instant base = lab.tagging.Timestamps.now(clock).minus(Duration.ofDays(30));
    long[] posts = new long[o.posts];
    long[] postTags = new long[o.postTags];
    db.writeVoid(session -> {
      List<Tag> tags = new ArrayList<>();
      for (int i = 1; i <= o.getTags; i++) {
        String name = switch (i % 5) {
          case 0 -> "tag " + i + " \"quoted\"";
          case 1 -> "étiquette-" + i + " ☕";
          default -> "tag-" + i;
        };
        Tag tag = new Tag(name, base.plusMillis(i * 1_000L + (i % 3 == 0 ? 0 : random.nextInt(1000))));
        session.persist(tag);
        tags.add(tag);
      }
      for (int i = 0; i < o.postTags; i++) {
        Tag tag = new Tag("pool tag " + (i + 1), base.plusMillis(random.nextInt(1_000_000)));
        session.persist(tag);
        postTags[i] = tag.getId();
      }
      for (int i = 0; i < o.posts; i++) {
        String text = switch (i % 4) {
          case 0 -> "Post " + i + ": \"quoted\", a back\\slash, a tab\tand a line\nbreak";
          case 1 -> "Post " + i + " — naïve café 🎉 <b>&amp;</b>";
          case 2 -> null;
          default -> "Post number " + i;
        };
        Instant created = base.plusMillis(100_000_000L + i * 1_000L + (i % 10 == 0 ? 0 : random.nextInt(1000)));
        Post post = new Post(text, created);
        session.persist(post);
        posts[i] = post.getId();
        List<Tag> shuffled = new ArrayList<>(tags);
        java.util.Collections.shuffle(shuffled, random);
        for (int t = 0; t < o.tagsPerPost; t++) {
          post.addTag(shuffled.get(t), created.plusMillis(1 + random.nextInt(5_000)));
        }
      }
    });
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      if (o.withIndex) {
        // Not in the kit's schema: an index that leads with taggable_id, for the post-to-tags join.
        s.execute(postgres
            ? "create index bench_itemtags_taggable on \"Itemtags\" (taggable_id, taggable)"
            : "create index bench_itemtags_taggable on Itemtags (taggable_id, taggable)");
        System.out.println("Added index bench_itemtags_taggable on Itemtags (taggable_id, taggable) (--with-index)");
      }
      if (postgres) {
        s.execute("analyze");
      }
    }
    System.out.printf(Locale.ROOT, "Seeded %d posts with %d tags each (of %d tags) and %d pool tags in %.1f s%n",
        o.posts, o.tagsPerPost, o.getTags, o.postTags, (System.nanoTime() - started) / 1e9);
    return new Seeded(Arrays.copyOf(posts, Math.min(o.postPosts, posts.length)), postTags);
  }

  private static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static String fmt(double statements) {
    return statements == Math.rint(statements) ? String.valueOf((long) statements)
        : String.format(Locale.ROOT, "%.2f", statements);
  }

  private void report() {
    System.out.println("\n== Results (medians over the rounds; ratio to floor: floor req/s ÷ solution req/s, solution p50 ÷ floor p50"
        + " and solution CPU ÷ floor CPU, each the median of the round-by-round ratios)\n");
    System.out.println("| database | endpoint | implementation | req/s | p50 ms | p90 ms | p99 ms | CPU ms per request"
        + " | statements per request | errors | statuses | ratio to floor: throughput / p50 / CPU |");
    System.out.println("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|");
    for (Line line : lines) {
      String ratio = "1 / 1 / 1";
      if (line.impl().equals(SOLUTION)) {
        Line floor = find(line.db(), line.endpoint(), FLOOR);
        ratio = String.format(Locale.ROOT, "%.2f / %.2f / %.2f", throughputRatio(line, floor),
            latencyRatio(line, floor), cpuRatio(line, floor));
      }
      StringBuilder statuses = new StringBuilder();
      line.statuses().forEach((k, v) -> statuses.append(statuses.length() == 0 ? "" : ", ").append(k).append(": ")
          .append(String.format(Locale.ROOT, "%,d", v)));
      System.out.printf(Locale.ROOT, "| %s | `%s` | %s | %.1f | %.2f | %.2f | %.2f | %.2f | %s | %d | %s | %s |%n",
          line.db(), line.endpoint(), line.impl(), line.perSecond(), line.p(0.5), line.p(0.9), line.p(0.99),
          line.median(Load.Round::cpuMillis), fmt(line.statements()), line.errors(), statuses, ratio);
    }
    System.out.println();
    for (Line line : lines) {
      if (line.errors() > 0) {
        failed = true;
        notes.add(line.db() + " " + line.endpoint() + " " + line.impl() + ": " + line.errors() + " errors");
      }
      if (line.impl().equals(SOLUTION) && line.endpoint().equals("GET /posts")) {
        Line floor = find(line.db(), line.endpoint(), FLOOR);
        double throughput = throughputRatio(line, floor);
        double latency = latencyRatio(line, floor);
        boolean met = throughput <= 1.5 && latency <= 1.5;
        System.out.printf(Locale.ROOT, "%s GET /posts: the solution is %.2fx the floor in throughput and %.2fx in"
            + " median latency (ratios of the medians: %.2fx and %.2fx), and uses %.2fx its CPU per request: the 1.5x"
            + " goal is %s; %s statements per read; %d errors%n",
            line.db(), throughput, latency, floor.perSecond() / line.perSecond(), line.p(0.5) / floor.p(0.5),
            cpuRatio(line, floor), met ? "met" : "MISSED", fmt(line.statements()), line.errors());
        if (!met) {
          notes.add(line.db() + ": GET /posts misses the 1.5x goal");
        }
      }
    }
    for (String note : notes) {
      System.out.println("NOTE: " + note);
    }
  }

  // The ratios are taken round by round (the solution's round against the floor's round next to it,
  // run under the same load on a shared machine), and the median of those is reported.
  private static double throughputRatio(Line solution, Line floor) {
    return paired(solution, floor, (s, f) -> f.perSecond() / s.perSecond());
  }

  private static double latencyRatio(Line solution, Line floor) {
    return paired(solution, floor, (s, f) -> s.millis(0.5) / f.millis(0.5));
  }

  private static double cpuRatio(Line solution, Line floor) {
    return paired(solution, floor, (s, f) -> s.cpuMillis() / f.cpuMillis());
  }

  private static double paired(Line solution, Line floor,
      java.util.function.ToDoubleBiFunction<Load.Round, Load.Round> ratio) {
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < solution.rounds().size(); i++) {
      ratios.add(ratio.applyAsDouble(solution.rounds().get(i), floor.rounds().get(i)));
    }
    return median(ratios);
  }

  private Line find(String db, String endpoint, String impl) {
    return lines.stream().filter(l -> l.db().equals(db) && l.endpoint().equals(endpoint) && l.impl().equals(impl))
        .findFirst().orElseThrow();
  }

  /** The statements the app's database ran, as it counts them itself (the way the kit's SqlStatements does). */
  static final class Statements {

    record Ran(String sql, long times) {}

    private final DataSource db;
    private final boolean postgres;

    Statements(DataSource db, boolean postgres) {
      this.db = db;
      this.postgres = postgres;
    }

    void reset() throws SQLException {
      try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
        if (postgres) {
          s.execute("select pg_stat_statements_reset(0, (select oid from pg_database where datname = current_database()), 0)");
        } else {
          s.execute("set query_statistics false");
          s.execute("set query_statistics true");
        }
      }
    }

    long count() throws SQLException {
      return list().stream().mapToLong(Ran::times).sum();
    }

    // The app's reads and writes; the driver's housekeeping (BEGIN, COMMIT, SET) and these
    // statistics queries are left out, as in the kit's SqlStatements.
    List<Ran> list() throws SQLException {
      String sql = postgres
          ? "select query, calls from pg_stat_statements"
              + " where dbid = (select oid from pg_database where datname = current_database()) order by query"
          : "select sql_statement, execution_count from information_schema.query_statistics order by sql_statement";
      List<Ran> ran = new ArrayList<>();
      try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
        while (rs.next()) {
          String text = rs.getString(1);
          String start = text.stripLeading().toLowerCase(Locale.ROOT);
          boolean query = start.startsWith("select") || start.startsWith("insert") || start.startsWith("update")
              || start.startsWith("delete") || start.startsWith("merge") || start.startsWith("with");
          boolean housekeeping = start.contains("information_schema.") || start.contains("pg_stat_statements")
              || start.contains("pg_catalog.");
          if (query && !housekeeping) {
            ran.add(new Ran(text, rs.getLong(2)));
          }
        }
      }
      return ran;
    }

    static String listing(List<Ran> ran) {
      StringBuilder out = new StringBuilder();
      for (Ran r : ran) {
        out.append("\n    ").append(r.times()).append("x ").append(r.sql().replaceAll("\\s+", " "));
      }
      return out.toString();
    }
  }

  /**
   * CPU time, which waiting for a core on a busy machine does not inflate as it does seconds:
   * this JVM's (the app, the floor and the load's clients), plus on PostgreSQL the server's
   * processes (the postmaster and its children, read from /proc on Linux).
   */
  static final class Cpu {

    private Cpu() {}

    static long jvm() {
      return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
          .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static Load.Cpu jvmAndServer(DataSource db) throws SQLException {
      long postmaster;
      try (Connection c = db.getConnection(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
        rs.next();
        long[] backend = stat(rs.getLong(1));
        if (backend == null) {
          System.out.println("(no /proc here: the CPU column counts this JVM only, not the PostgreSQL server)");
          return Cpu::jvm;
        }
        postmaster = backend[0];
      }
      long nanosPerTick = 1_000_000_000L / ticksPerSecond();
      return () -> {
        long ticks = 0;
        long[] own = stat(postmaster);
        if (own != null) {
          ticks += own[1] + own[2]; // its own time and that of its children that have ended
        }
        try (var procs = java.nio.file.Files.list(java.nio.file.Path.of("/proc"))) {
          for (var dir : (Iterable<java.nio.file.Path>) procs::iterator) {
            String name = dir.getFileName().toString();
            if (name.chars().allMatch(Character::isDigit)) {
              long[] child = stat(Long.parseLong(name));
              if (child != null && child[0] == postmaster) {
                ticks += child[1];
              }
            }
          }
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        return jvm() + ticks * nanosPerTick;
      };
    }

    // {parent pid, utime + stime, cutime + cstime} of a process, in clock ticks; null if unknown.
    private static long[] stat(long pid) {
      try {
        String line = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", String.valueOf(pid), "stat"));
        String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]) + Long.parseLong(f[12]),
            Long.parseLong(f[13]) + Long.parseLong(f[14])};
      } catch (java.io.IOException | RuntimeException e) {
        return null;
      }
    }

    private static long ticksPerSecond() {
      try {
        Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor();
        return Long.parseLong(out);
      } catch (Exception e) {
        return 100;
      }
    }
  }
}
