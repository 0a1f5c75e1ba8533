package lab.tagging.grading.sandbox.inside.driver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import lab.tagging.db.Database;
import lab.tagging.grading.Failures;
import lab.tagging.grading.fixture.Entities;
import lab.tagging.grading.fixture.RowId;
import lab.tagging.grading.sandbox.inside.Splice;
import lab.tagging.grading.sandbox.inside.Wire;
import lab.tagging.support.local.AppHost;
import org.hibernate.tool.schema.Action;

/**
 * Hosts the student's app inside the sandbox and answers the grader's calls over the control
 * channel. It is compiled against each submission's classes and runs next to them, so it is on
 * the untrusted side: its answers are behaviour to be judged, never results.
 *
 * <p>Arguments: {@code CHANNEL_DIR DATABASE USER PASSWORD}. The grader listens on three sockets
 * in the channel folder; this side only ever connects to them.
 */
public final class Driver {

  private final Path channels;
  private final OutputStream control;
  private final ExecutorService calls = Executors.newCachedThreadPool(daemon("call"));
  private AppHost host;

  private Driver(Path channels, OutputStream control) {
    this.channels = channels;
    this.control = control;
  }

  public static void main(String[] args) throws Exception {
    Path channels = Path.of(args[0]);
    SocketChannel ctl = connect(channels.resolve(Wire.CONTROL));
    // A JVM that is ending closes its control channel first, so the grader knows at once that the
    // test that ended it ended it.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> Splice.closeQuietly(ctl)));
    Splice.End end = Splice.of(ctl);
    Driver driver = new Driver(channels, end.out());
    int port = driver.relayDatabase();
    // The database's own client speaks to the loopback relay; which client depends on the database.
    String url = args[1].equals("postgresql")
        ? "jdbc:postgresql://127.0.0.1:" + port + "/" + args[2]
        : "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:" + args[2];
    try {
      driver.host = AppHost.open(Database.Settings.forUrl(url).as(args[3], args[4]).schema(Action.CREATE_DROP));
      Wire.write(driver.control, Wire.message(Wire.READY));
    } catch (AssertionError e) {
      Wire.write(driver.control, Wire.message(Wire.BROKEN).put("message", e.getMessage()));
    }
    driver.serve(new BufferedInputStream(end.in()));
    // The grader closed the channel: the run is over.
    System.exit(0);
  }

  private void serve(InputStream in) throws IOException {
    for (JsonNode message; (message = Wire.read(in)) != null; ) {
      String type = message.path("type").asText();
      if (type.equals(Wire.TUNNEL)) {
        calls.execute(this::tunnel);
      } else if (type.equals(Wire.CALL) && host != null) {
        JsonNode call = message;
        // Each call on a thread of its own, so that code under test that never returns holds up
        // only its own call, as it would in a test's own JVM.
        calls.execute(() -> answer(call));
      }
    }
  }

  private void answer(JsonNode call) {
    ObjectNode reply = Wire.message(Wire.REPLY).put("id", call.path("id").asLong());
    try {
      reply.set("value", run(call));
      reply.put("ok", true);
    } catch (Throwable e) {
      reply.put("ok", false).put("error", Failures.describe(e));
    }
    try {
      Wire.write(control, reply);
    } catch (IOException e) {
      System.exit(3);  // the grader is gone
    }
  }

  private JsonNode run(JsonNode call) {
    Entities entities = host.entities();
    long post = call.path("post").asLong();
    return switch (call.path("op").asText()) {
      case Wire.PING -> null;
      case Wire.START -> Wire.JSON.getNodeFactory().numberNode(host.startApp());
      case Wire.STOP -> {
        host.stopApp();
        yield null;
      }
      case Wire.CLOCK -> {
        host.setClock(Instant.parse(call.path("at").asText()));
        yield null;
      }
      case Wire.ADD_TAG -> {
        entities.addTag(post, call.path("tag").asLong(), Instant.parse(call.path("at").asText()));
        yield null;
      }
      case Wire.ITEMTAGS -> rows(entities.itemtagsOf(post));
      case Wire.FIND_ITEMTAGS ->
          rows(entities.findItemtags(post, longs(call.path("tags")), call.path("copies").asBoolean(false)));
      case Wire.REMOVE_TAGS -> {
        ArrayNode answers = Wire.JSON.createArrayNode();
        entities.removeTags(post, longs(call.path("tags"))).forEach(answers::add);
        yield answers;
      }
      case Wire.REMOVE_POST -> {
        entities.removePost(post);
        yield null;
      }
      default -> throw new IllegalArgumentException("unknown call " + call.path("op").asText());
    };
  }

  private static ArrayNode rows(List<RowId> rows) {
    ArrayNode array = Wire.JSON.createArrayNode();
    for (RowId row : rows) {
      if (row == null) {
        array.addNull();
      } else {
        ObjectNode node = array.addObject();
        node.put("tagId", row.tagId()).put("taggable", row.taggable()).put("taggableId", row.taggableId());
      }
    }
    return array;
  }

  private static List<Long> longs(JsonNode array) {
    List<Long> values = new ArrayList<>();
    array.forEach(node -> values.add(node.asLong()));
    return values;
  }

  // One HTTP connection of a test: connect back to the grader, then to the app that runs now.
  private void tunnel() {
    try {
      SocketChannel grader = connect(channels.resolve(Wire.APP));
      int port = host == null ? -1 : host.port();
      if (port < 0) {
        grader.close();
        return;
      }
      Socket app = new Socket(InetAddress.getLoopbackAddress(), port);
      Splice.join(Splice.of(grader), Splice.of(app), -1, "tunnel");
    } catch (IOException e) {
      // The test sees a connection that closes without an answer, and says so.
    }
  }

  // The database lives outside the sandbox; H2's and PostgreSQL's clients speak TCP, so a loopback port here
  // carries each of its connections to the grader's socket for it.
  private int relayDatabase() throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(() -> {
      while (true) {
        try {
          Socket client = server.accept();
          SocketChannel database = connect(channels.resolve(Wire.DATABASE));
          Splice.join(Splice.of(client), Splice.of(database), -1, "database");
        } catch (IOException e) {
          return;
        }
      }
    }, "database-relay");
    acceptor.setDaemon(true);
    acceptor.start();
    return server.getLocalPort();
  }

  private static SocketChannel connect(Path socket) throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    channel.connect(UnixDomainSocketAddress.of(socket));
    return channel;
  }


  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
