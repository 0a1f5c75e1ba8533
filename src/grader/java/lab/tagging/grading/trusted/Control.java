package lab.tagging.grading.trusted;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import lab.tagging.grading.sandbox.inside.Splice;
import lab.tagging.grading.sandbox.inside.Wire;

/**
 * The grader's end of one launch's control channel (see {@link Wire}). Calls are answered by
 * id, so an answer that comes too late for its test is dropped instead of answering the next
 * test's call. Anything the sandbox sends out of protocol is reported as a violation and ends the
 * channel.
 */
final class Control implements AutoCloseable {

  /** Why a call got no usable answer. */
  static final class Failed extends Exception {
    Failed(String message) {
      super(message);
    }
  }

  private final SocketChannel channel;
  private final InputStream in;
  private final OutputStream out;
  private final Consumer<String> violations;
  private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final CompletableFuture<JsonNode> hello = new CompletableFuture<>();
  private final java.util.concurrent.BlockingQueue<JsonNode> outbox = new java.util.concurrent.LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile boolean closed;

  Control(SocketChannel channel, Consumer<String> violations) {
    this.channel = channel;
    Splice.End end = Splice.of(channel);
    try {
      this.in = new BufferedInputStream(end.in());
      this.out = end.out();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    this.violations = violations;
    Thread reader = new Thread(this::read, "sandbox-control");
    reader.setDaemon(true);
    reader.start();
    // Only this thread writes: a socket channel closes when a thread writing to it is interrupted,
    // and JUnit interrupts a test's thread when the test times out.
    writer = new Thread(this::write, "sandbox-control-writer");
    writer.setDaemon(true);
    writer.start();
  }

  private void write() {
    try {
      while (!closed) {
        Wire.write(out, outbox.take());
      }
    } catch (IOException | InterruptedException e) {
      close();
    }
  }

  /** The driver's first message: {@code ready}, or {@code broken} with a message; null if none came in time. */
  JsonNode hello(Duration timeout) {
    try {
      return hello.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Sends a call and waits for its answer's value. */
  JsonNode call(ObjectNode call, Duration timeout) throws Failed {
    long id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    try {
      if (closed) {
        throw new IOException("closed");
      }
      outbox.add(call.put("type", Wire.CALL).put("id", id));
      JsonNode reply = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (reply.path("ok").asBoolean(false)) {
        return reply.get("value");
      }
      throw new Failed(reply.path("error").isTextual() ? reply.path("error").asText() : "the call failed");
    } catch (IOException | ExecutionException e) {
      throw new Failed("the app's JVM is not answering: it has stopped");
    } catch (TimeoutException e) {
      throw new Failed("the app's JVM did not answer within " + timeout.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failed("interrupted");
    } finally {
      pending.remove(id);
    }
  }

  /** Asks the driver to open one more tunnel to the app. */
  void tunnel() throws IOException {
    if (closed) {
      throw new IOException("closed");
    }
    outbox.add(Wire.message(Wire.TUNNEL));
  }

  private void read() {
    try {
      for (JsonNode message; (message = Wire.read(in)) != null; ) {
        String type = message.path("type").asText();
        if (!hello.isDone()) {
          if (type.equals(Wire.READY) || type.equals(Wire.BROKEN) && message.path("message").isTextual()) {
            hello.complete(message);
            continue;
          }
          throw new Wire.Violation("a first message that is neither ready nor broken");
        }
        if (!type.equals(Wire.REPLY) || !message.path("id").canConvertToLong() || !message.path("ok").isBoolean()) {
          throw new Wire.Violation("a message that is not an answer to a call");
        }
        CompletableFuture<JsonNode> answer = pending.get(message.path("id").asLong());
        if (answer != null) {
          answer.complete(message);
        } else if (message.path("id").asLong() > ids.get()) {
          throw new Wire.Violation("an answer to a call that was never made");
        }
      }
    } catch (Wire.Violation e) {
      violations.accept("the sandbox sent " + e.getMessage() + " on the control channel");
    } catch (IOException e) {
      // The sandbox is gone.
    } finally {
      close();
    }
  }

  boolean isOpen() {
    return !closed;
  }

  @Override
  public void close() {
    closed = true;
    hello.completeExceptionally(new IOException("closed"));
    pending.values().forEach(f -> f.completeExceptionally(new IOException("closed")));
    Splice.closeQuietly(channel);
    writer.interrupt();
  }
}
