package lab.tagging.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * The lab's HTTP API as a test client sees it, over a real connection.
 *
 * <p>It uses the JDK's plain {@link HttpURLConnection}: in a test JVM that lives a few seconds it
 * spends about a quarter less CPU per request than {@code java.net.http.HttpClient}. Each call
 * has a connection of its own (kept alive between calls), so tests may call it from many threads.
 */
public final class Api {

  static {
    // A POST is sent once: the JDK would otherwise resend it on a dropped keep-alive connection,
    // and a test that counts rows must see exactly the requests it made.
    System.setProperty("sun.net.http.retryPost", "false");
  }

  // The largest body a test reads: far beyond any answer of the lab, and a bound on what an app
  // can make a test hold in memory.
  private static final int MAX_BODY = 4 * 1024 * 1024;

  private final String origin;

  Api(String origin) {
    this.origin = origin;
  }

  /** Where the app listens, such as {@code http://127.0.0.1:41234}. */
  public String origin() {
    return origin;
  }

  public Reply get(String path) {
    return send("GET", path, null);
  }

  public Reply post(String path) {
    return send("POST", path, "");
  }

  public Reply post(String path, String jsonBody) {
    return send("POST", path, jsonBody);
  }

  public Reply delete(String path) {
    return send("DELETE", path, null);
  }

  /** A JSON object body with one string field, such as {@code {"text": "…"}}. */
  public static String body(String field, String value) {
    return JsonChecks.mapper().createObjectNode().put(field, value).toString();
  }

  private Reply send(String method, String path, String body) {
    try {
      HttpURLConnection connection = (HttpURLConnection) new URL(origin + path).openConnection();
      connection.setConnectTimeout(5_000);
      connection.setReadTimeout(30_000);
      connection.setInstanceFollowRedirects(false);
      connection.setUseCaches(false);
      connection.setRequestMethod(method);
      connection.setRequestProperty("Content-Type", "application/json");
      connection.setRequestProperty("Accept", "*/*");
      if (body != null) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        connection.setDoOutput(true);
        connection.setFixedLengthStreamingMode(bytes.length);
        try (OutputStream out = connection.getOutputStream()) {
          out.write(bytes);
        }
      }
      int status = connection.getResponseCode();
      String text;
      try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
        byte[] bytes = in == null ? new byte[0] : in.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
          throw new AssertionError(method + " " + path + " answered " + status + " with a body of more than "
              + MAX_BODY / (1024 * 1024) + " MiB; the lab's answers are a few KiB.");
        }
        text = new String(bytes, StandardCharsets.UTF_8);
      }
      String contentType = connection.getContentType();
      return new Reply(method + " " + path, status, contentType == null ? "" : contentType, text);
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + " got no answer: " + e, e);
    }
  }
}
