package lab.tagging.grading;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of the events file the test JVM writes and the grader reads. The file is the only
 * channel between them: whatever a test prints, the grader never parses the test JVM's output,
 * and a JVM that dies leaves every line it had written.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Event(
    String type,
    String id,
    String className,
    String method,
    String classDisplayName,
    String displayName,
    List<String> tags,
    Integer points,
    String status,
    String message,
    String output,
    Long millis) {

  public static final String TEST = "test";
  public static final String STARTED = "started";
  public static final String FINISHED = "finished";
  public static final String DONE = "done";

  static final ObjectMapper JSON = JsonMapper.builder().build();

  public static Event test(String id, String className, String method, String classDisplayName, String displayName,
      List<String> tags, Integer points) {
    return new Event(TEST, id, className, method, classDisplayName, displayName, tags, points, null, null, null, null);
  }

  public static Event started(String id) {
    return new Event(STARTED, id, null, null, null, null, null, null, null, null, null, null);
  }

  public static Event finished(String id, String status, String message, String output, long millis) {
    return new Event(FINISHED, id, null, null, null, null, null, null, status, message, output, millis);
  }

  public static Event done() {
    return new Event(DONE, null, null, null, null, null, null, null, null, null, null, null);
  }

  /** Appends events to a file, one JSON object a line, flushed at once. */
  public static final class Writer implements AutoCloseable {
    private final BufferedWriter out;

    public Writer(Path file) throws IOException {
      out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }

    public synchronized void write(Event event) {
      try {
        out.write(JSON.writeValueAsString(event));
        out.write('\n');
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public synchronized void close() throws IOException {
      out.close();
    }
  }

  /** The events in {@code file}; a torn last line (the JVM died mid-write) is dropped. */
  public static List<Event> read(Path file) {
    List<Event> events = new ArrayList<>();
    if (!Files.exists(file)) {
      return events;
    }
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        try {
          events.add(JSON.readValue(line, Event.class));
        } catch (IOException torn) {
          // Only the last line can be torn; anything else would be ours to fix.
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return events;
  }
}
