package lab.tagging.grading.trusted;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import lab.tagging.grading.sandbox.inside.Splice;
import lab.tagging.grading.sandbox.inside.Wire;

/**
 * The only ways in and out of a submission's sandbox, all opened by the grader: three Unix
 * sockets in the channel folder, which the sandbox sees read-only and only ever connects to.
 * The grader never connects to anything the sandbox made, so a link planted there leads nowhere.
 *
 * <ul>
 *   <li>{@code ctl.sock}: the driver's control channel, one connection per launch.</li>
 *   <li>{@code db.sock}: each connection is carried to the submission's own database on the
 *       database host, at most {@value #MAX_DATABASE_CONNECTIONS} at a time.</li>
 *   <li>{@code app.sock}: tunnels the driver opens on request, each carrying one HTTP connection
 *       of a test to the app; the grader takes at most {@value #MAX_ANSWER_BYTES} bytes from each.</li>
 * </ul>
 *
 * <p>A test's HTTP client reaches the app through a front door: a loopback port of the grader's
 * that pairs each connection with a fresh tunnel.
 */
final class Channels implements AutoCloseable {

  static final int MAX_DATABASE_CONNECTIONS = 32;
  static final long MAX_ANSWER_BYTES = 8L * 1024 * 1024;

  private final Path dir;
  private final int databasePort;
  private final Consumer<String> violations;
  private final List<AutoCloseable> open = new ArrayList<>();
  private final BlockingQueue<SocketChannel> controls = new LinkedBlockingQueue<>();
  private final BlockingQueue<SocketChannel> tunnels = new LinkedBlockingQueue<>();
  private final AtomicInteger databaseConnections = new AtomicInteger();
  private final AtomicInteger tunnelsAsked = new AtomicInteger();
  private volatile Control control;
  private ServerSocket frontDoor;

  /** Opens the sockets in {@code dir}, the database's connections going to {@code databasePort}. */
  Channels(Path dir, int databasePort, Consumer<String> violations) {
    this.dir = dir;
    this.databasePort = databasePort;
    this.violations = violations;
    try {
      Files.createDirectories(dir);
      if (dir.resolve(Wire.CONTROL).toString().length() > 100) {
        throw new IOException("the path " + dir + " is too long for a Unix socket; set java.io.tmpdir to a short one");
      }
      accept(Wire.CONTROL, this::control);
      accept(Wire.DATABASE, this::database);
      accept(Wire.APP, this::tunnelArrived);
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("Could not open the sandbox's channels: " + e.getMessage(), e);
    }
  }

  /** The folder the sockets are in, to be shown to the sandbox read-only. */
  Path dir() {
    return dir;
  }

  /** The next launch's control connection, or null if none came within {@code millis}. */
  SocketChannel nextControl(long millis) throws InterruptedException {
    return controls.poll(millis, TimeUnit.MILLISECONDS);
  }

  /** The control channel tunnels are asked for on; set at each launch. */
  void use(Control control) {
    this.control = control;
    tunnels.forEach(Splice::closeQuietly);
    tunnels.clear();
    tunnelsAsked.set(0);
    controls.forEach(Splice::closeQuietly);
    controls.clear();
  }

  // One control connection per launch: another while one is open did not come from the driver.
  private void control(SocketChannel connection) {
    Control current = control;
    if (current != null && current.isOpen()) {
      violations.accept("the sandbox opened a second connection to the control channel");
      Splice.closeQuietly(connection);
    } else {
      controls.add(connection);
    }
  }

  // A tunnel the grader did not ask for did not come from the driver either.
  private void tunnelArrived(SocketChannel connection) {
    if (tunnelsAsked.getAndUpdate(n -> Math.max(0, n - 1)) == 0) {
      violations.accept("the sandbox opened a tunnel the grader did not ask for");
      Splice.closeQuietly(connection);
    } else {
      tunnels.add(connection);
    }
  }

  /** Opens a front door to the app on a free loopback port and returns its origin. */
  synchronized String openFrontDoor() {
    closeFrontDoor();
    try {
      ServerSocket door = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
      frontDoor = door;
      daemon("front-door", () -> {
        while (!door.isClosed()) {
          try {
            Socket client = door.accept();
            daemon("front-door-connection", () -> tunnel(client));
          } catch (IOException e) {
            return;
          }
        }
      });
      return "http://127.0.0.1:" + door.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not open a port for the test's HTTP client: " + e.getMessage(), e);
    }
  }

  synchronized void closeFrontDoor() {
    if (frontDoor != null) {
      Splice.closeQuietly(frontDoor);
      frontDoor = null;
    }
  }

  // Pairs a test's connection with a tunnel the driver opens for it; without one in time, the
  // connection closes and the test reports that the app did not answer.
  private void tunnel(Socket client) {
    Control current = control;
    try {
      if (current == null || !current.isOpen()) {
        client.close();
        return;
      }
      tunnelsAsked.incrementAndGet();
      current.tunnel();
      SocketChannel tunnel = tunnels.poll(10, TimeUnit.SECONDS);
      if (tunnel == null) {
        client.close();
        return;
      }
      Splice.join(Splice.of(client), Splice.of(tunnel), MAX_ANSWER_BYTES, "app");
    } catch (IOException e) {
      Splice.closeQuietly(client);
    } catch (InterruptedException e) {
      Splice.closeQuietly(client);
      Thread.currentThread().interrupt();
    }
  }

  private void database(SocketChannel fromSandbox) {
    if (databaseConnections.incrementAndGet() > MAX_DATABASE_CONNECTIONS) {
      databaseConnections.decrementAndGet();
      violations.accept("the sandbox opened more than " + MAX_DATABASE_CONNECTIONS + " database connections at once");
      Splice.closeQuietly(fromSandbox);
      return;
    }
    try {
      Socket database = new Socket(InetAddress.getLoopbackAddress(), databasePort);
      Splice.End sandbox = Splice.of(fromSandbox);
      Splice.End host = Splice.of(database);
      Splice.join(counted(sandbox), host, -1, "database");
    } catch (IOException e) {
      databaseConnections.decrementAndGet();
      Splice.closeQuietly(fromSandbox);
    }
  }

  // The end whose closing frees its place among the database connections.
  private Splice.End counted(Splice.End end) {
    return new Splice.End() {
      private boolean closed;

      @Override
      public java.io.InputStream in() throws IOException {
        return end.in();
      }

      @Override
      public java.io.OutputStream out() throws IOException {
        return end.out();
      }

      @Override
      public void shutdownOutput() throws IOException {
        end.shutdownOutput();
      }

      @Override
      public synchronized void close() throws IOException {
        if (!closed) {
          closed = true;
          databaseConnections.decrementAndGet();
        }
        end.close();
      }
    };
  }

  private void accept(String name, Consumer<SocketChannel> handler) throws IOException {
    Path path = dir.resolve(name);
    Files.deleteIfExists(path);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(path), 64);
    open.add(server);
    daemon("channel-" + name, () -> {
      while (server.isOpen()) {
        try {
          handler.accept(server.accept());
        } catch (IOException e) {
          return;
        }
      }
    });
  }

  private static void daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() {
    closeFrontDoor();
    for (AutoCloseable c : open) {
      try {
        c.close();
      } catch (Exception ignored) {
        // Closing what is already broken.
      }
    }
    tunnels.forEach(Splice::closeQuietly);
    controls.forEach(Splice::closeQuietly);
  }
}
