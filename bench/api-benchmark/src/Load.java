import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives HTTP requests from a fixed pool of client threads, each with an HttpClient of its own
 * (HTTP/1.1, kept-alive connections), and times every request from send to the last body byte.
 */
final class Load implements AutoCloseable {

  /** One timed round: every latency (sorted, in nanoseconds), the wall time, and what went wrong. */
  record Round(long[] nanos, double seconds, long cpuNanos, long errors, TreeMap<Integer, Long> statuses,
      String firstError) {

    int requests() {
      return nanos.length;
    }

    double perSecond() {
      return nanos.length / seconds;
    }

    /** CPU time per request, in milliseconds, of the processes the {@link Cpu} counts. */
    double cpuMillis() {
      return cpuNanos / 1e6 / nanos.length;
    }

    /** The latency at {@code q} (0.5 = median), in milliseconds, by the nearest-rank rule. */
    double millis(double q) {
      if (nanos.length == 0) {
        return Double.NaN;
      }
      int rank = (int) Math.ceil(q * nanos.length);
      return nanos[Math.max(0, Math.min(nanos.length - 1, rank - 1))] / 1e6;
    }
  }

  /** A request for the client with index {@code client}, its {@code i}th of the round. */
  interface Requests {
    HttpRequest request(int client, int i);
  }

  /** The CPU time used so far by the processes that serve and load the benchmark. */
  interface Cpu {
    long nanos();
  }

  private final HttpClient[] clients;
  private final ExecutorService threads;
  private final Cpu cpu;

  Load(int clients, Cpu cpu) {
    this.cpu = cpu;
    this.clients = new HttpClient[clients];
    for (int i = 0; i < clients; i++) {
      this.clients[i] = HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
    }
    threads = Executors.newFixedThreadPool(clients, r -> {
      Thread t = new Thread(r, "load-client");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * {@code clients} threads send requests back to back, until {@code seconds} have passed if
   * {@code perClient} is 0, else {@code perClient} requests each. A response counts as an error
   * unless its status is 2xx and, when {@code expectedBytes} is positive, its body has exactly
   * that many bytes; an exception (timeout, reset connection) counts as an error too.
   */
  Round run(int clients, double seconds, int perClient, long expectedBytes, Requests requests) throws Exception {
    if (clients > this.clients.length) {
      throw new IllegalArgumentException("at most " + this.clients.length + " clients");
    }
    CountDownLatch ready = new CountDownLatch(clients);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<long[]>> done = new ArrayList<>();
    AtomicLong errors = new AtomicLong();
    TreeMap<Integer, Long> statuses = new TreeMap<>();
    String[] firstError = {null};
    long[] deadline = {0};
    for (int c = 0; c < clients; c++) {
      int client = c;
      done.add(threads.submit(() -> {
        HttpClient http = this.clients[client];
        long[] nanos = new long[1024];
        int n = 0;
        TreeMap<Integer, Long> mine = new TreeMap<>();
        ready.countDown();
        go.await();
        for (int i = 0; perClient > 0 ? i < perClient : System.nanoTime() < deadline[0]; i++) {
          HttpRequest request = requests.request(client, i);
          long start = System.nanoTime();
          String error = null;
          try {
            HttpResponse<Long> response = http.send(request, COUNT_BYTES);
            mine.merge(response.statusCode(), 1L, Long::sum);
            if (response.statusCode() / 100 != 2) {
              error = request.method() + " " + request.uri().getPath() + " answered " + response.statusCode();
            } else if (expectedBytes > 0 && response.body() != expectedBytes) {
              error = request.method() + " " + request.uri().getPath() + " answered " + response.body()
                  + " bytes, not " + expectedBytes;
            }
          } catch (Exception e) {
            error = request.method() + " " + request.uri().getPath() + " failed: " + e;
          }
          long took = System.nanoTime() - start;
          if (n == nanos.length) {
            nanos = Arrays.copyOf(nanos, n * 2);
          }
          nanos[n++] = took;
          if (error != null) {
            errors.incrementAndGet();
            synchronized (firstError) {
              if (firstError[0] == null) {
                firstError[0] = error;
              }
            }
          }
        }
        synchronized (statuses) {
          mine.forEach((k, v) -> statuses.merge(k, v, Long::sum));
        }
        return Arrays.copyOf(nanos, n);
      }));
    }
    ready.await();
    long cpuBefore = cpu.nanos();
    long start = System.nanoTime();
    deadline[0] = start + (long) (seconds * 1e9);
    go.countDown();
    List<long[]> parts = new ArrayList<>();
    for (Future<long[]> f : done) {
      parts.add(f.get());
    }
    double took = (System.nanoTime() - start) / 1e9;
    long cpuUsed = cpu.nanos() - cpuBefore;
    long[] all = parts.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    return new Round(all, took, cpuUsed, errors.get(), statuses, firstError[0]);
  }

  /** One request, its status and body, for the checks before the load. */
  static HttpResponse<byte[]> once(HttpRequest request) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  static HttpRequest get(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build();
  }

  static HttpRequest post(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
        .POST(HttpRequest.BodyPublishers.noBody()).build();
  }

  // Counts the body's bytes and keeps none of them, so that the client spends as little as it can.
  private static final HttpResponse.BodyHandler<Long> COUNT_BYTES = info -> HttpResponse.BodySubscribers.fromSubscriber(
      new Counter(), Counter::bytes);

  private static final class Counter implements Flow.Subscriber<List<ByteBuffer>> {
    private long bytes;

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      for (ByteBuffer b : buffers) {
        bytes += b.remaining();
      }
    }

    @Override
    public void onError(Throwable throwable) {}

    @Override
    public void onComplete() {}

    long bytes() {
      return bytes;
    }
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
