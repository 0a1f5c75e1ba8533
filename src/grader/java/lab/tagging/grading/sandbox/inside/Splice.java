package lab.tagging.grading.sandbox.inside;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Joins two connections, a thread per direction, until both ends have finished. The grader
 * uses it to carry a test's HTTP connection to the app and the app's SQL connections to its
 * database; the driver uses it on its side of the same tunnels.
 */
public final class Splice {

  private Splice() {}

  /** One end of a connection: its streams, a way to signal the end of output, and a close. */
  public interface End extends Closeable {
    InputStream in() throws IOException;

    OutputStream out() throws IOException;

    /** No more bytes will be written (a half close), so the peer reads the end of the stream. */
    void shutdownOutput() throws IOException;
  }

  /**
   * Copies {@code a} to {@code b} and back. At most {@code capFromB} bytes are taken from
   * {@code b} (a negative cap: no limit); past it the connection is cut. Both ends are closed
   * when both directions have finished.
   */
  public static void join(End a, End b, long capFromB, String name) {
    AtomicInteger open = new AtomicInteger(2);
    Runnable done = () -> {
      if (open.decrementAndGet() == 0) {
        closeQuietly(a);
        closeQuietly(b);
      }
    };
    start(name + " >", () -> copy(a, b, -1, done, a, b));
    start(name + " <", () -> copy(b, a, capFromB, done, a, b));
  }

  private static void copy(End from, End to, long cap, Runnable done, End a, End b) {
    long copied = 0;
    try {
      InputStream in = from.in();
      OutputStream out = to.out();
      byte[] buffer = new byte[16 * 1024];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        copied += n;
        if (cap >= 0 && copied > cap) {
          // Too much from this side: cut the whole connection, not just this direction.
          closeQuietly(a);
          closeQuietly(b);
          return;
        }
        out.write(buffer, 0, n);
        out.flush();
      }
      to.shutdownOutput();
    } catch (IOException e) {
      closeQuietly(a);
      closeQuietly(b);
    } finally {
      done.run();
    }
  }

  private static void start(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
  }

  public static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException | RuntimeException ignored) {
      // Already closed or broken; either way it is gone.
    }
  }

  /** A TCP socket as an end. */
  public static End of(java.net.Socket socket) {
    return new End() {
      @Override
      public InputStream in() throws IOException {
        return socket.getInputStream();
      }

      @Override
      public OutputStream out() throws IOException {
        return socket.getOutputStream();
      }

      @Override
      public void shutdownOutput() throws IOException {
        if (!socket.isClosed()) {
          socket.shutdownOutput();
        }
      }

      @Override
      public void close() throws IOException {
        socket.close();
      }
    };
  }

  /**
   * A connected socket channel (TCP or Unix domain, in blocking mode) as an end. Its streams call
   * the channel directly: the JDK's Channels.newInputStream holds a lock while it waits to read
   * that its output stream needs to write, which would stall a connection used both ways at once.
   */
  public static End of(java.nio.channels.SocketChannel channel) {
    InputStream in = new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        int n;
        do {
          n = channel.read(java.nio.ByteBuffer.wrap(b, off, len));
        } while (n == 0);
        return n;
      }
    };
    OutputStream out = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(b, off, len);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      }
    };
    return new End() {
      @Override
      public InputStream in() {
        return in;
      }

      @Override
      public OutputStream out() {
        return out;
      }

      @Override
      public void shutdownOutput() throws IOException {
        if (channel.isOpen()) {
          channel.shutdownOutput();
        }
      }

      @Override
      public void close() throws IOException {
        channel.close();
      }
    };
  }
}
