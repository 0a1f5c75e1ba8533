package lab.tagging.grading.sandbox.inside;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The control channel between the grader and the driver in the sandbox: one JSON object per
 * line, each at most {@value #MAX_LINE} bytes. The grader sends calls ({@code {"type":"call",
 * "id":7,"op":"addTag",…}}) and tunnel requests; the driver answers each call once, by id, and
 * says once whether the app is ready. Whatever arrives from the sandbox is read as hostile input:
 * a line that is too long, not JSON or not one of these messages is a protocol violation.
 */
public final class Wire {

  /** The longest line either side accepts. */
  public static final int MAX_LINE = 1024 * 1024;

  /** The socket files in the channel folder: the control channel, the database, the app's tunnels. */
  public static final String CONTROL = "ctl.sock";
  public static final String DATABASE = "db.sock";
  public static final String APP = "app.sock";

  // Message types.
  public static final String READY = "ready";
  public static final String BROKEN = "broken";
  public static final String CALL = "call";
  public static final String REPLY = "reply";
  public static final String TUNNEL = "tunnel";

  // Calls: the app's lifecycle and clock, then the Entities calls.
  public static final String PING = "ping";
  public static final String START = "start";
  public static final String STOP = "stop";
  public static final String CLOCK = "clock";
  public static final String ADD_TAG = "addTag";
  public static final String ITEMTAGS = "itemtags";
  public static final String FIND_ITEMTAGS = "findItemtags";
  public static final String REMOVE_TAGS = "removeTags";
  public static final String REMOVE_POST = "removePost";

  public static final ObjectMapper JSON = JsonMapper.builder().build();

  private Wire() {}

  /** Thrown when the other side breaks the protocol. */
  public static final class Violation extends IOException {
    public Violation(String message) {
      super(message);
    }
  }

  public static ObjectNode message(String type) {
    return JSON.createObjectNode().put("type", type);
  }

  /** Writes one message as one line and flushes it. */
  public static void write(OutputStream out, JsonNode message) throws IOException {
    byte[] line = JSON.writeValueAsBytes(message);
    synchronized (out) {
      out.write(line);
      out.write('\n');
      out.flush();
    }
  }

  /**
   * Reads one message; null at a clean end of the stream. Throws a {@link Violation} for a line
   * that is too long, a stream that ends mid-line, or a line that is not a JSON object with a
   * textual "type".
   */
  public static JsonNode read(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b; (b = in.read()) != '\n'; ) {
      if (b < 0) {
        if (line.size() == 0) {
          return null;
        }
        throw new Violation("the stream ended in the middle of a message");
      }
      if (line.size() >= MAX_LINE) {
        throw new Violation("a message longer than " + MAX_LINE + " bytes");
      }
      line.write(b);
    }
    JsonNode message;
    try {
      message = JSON.readTree(line.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new Violation("a line that is not JSON");
    }
    if (message == null || !message.isObject() || !message.path("type").isTextual()) {
      throw new Violation("a message without a type");
    }
    return message;
  }
}
