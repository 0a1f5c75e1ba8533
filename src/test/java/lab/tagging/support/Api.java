package lab.tagging.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import lab.tagging.web.Json;

/** The lab's HTTP API as a test client sees it, over a real connection. */
public final class Api {

  /** One client for the whole run: it is thread-safe, and tests may call it from many threads. */
  static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private final String origin;

  Api(String origin) {
    this.origin = origin;
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
    return Json.mapper().createObjectNode().put(field, value).toString();
  }

  private Reply send(String method, String path, String body) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(origin + path))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .build();
    try {
      HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Reply(method + " " + path, response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""), response.body());
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + " got no answer: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(method + " " + path + " was interrupted", e);
    }
  }
}
