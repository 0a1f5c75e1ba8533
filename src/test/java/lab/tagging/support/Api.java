package lab.tagging.support;

import io.javalin.testtools.HttpClient;
import java.io.IOException;
import lab.tagging.web.Json;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** The lab's HTTP API as a test client sees it. */
public final class Api {

  private static final MediaType JSON = MediaType.get("application/json");

  private final HttpClient client;

  Api(HttpClient client) {
    this.client = client;
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

  /** Creates a post through {@code POST /posts} and returns its id. */
  public long createPost(String text) {
    return created(post("/posts", body("text", text)));
  }

  /** Creates a tag through {@code POST /tags} and returns its id. */
  public long createTag(String name) {
    return created(post("/tags", body("name", name)));
  }

  /** A JSON object body with one string field, such as {@code {"text": "…"}}. */
  public static String body(String field, String value) {
    return Json.mapper().createObjectNode().put(field, value).toString();
  }

  private static long created(Reply reply) {
    if (reply.status() != 201) {
      throw new AssertionError("Setting up the test failed: " + reply.describe());
    }
    return reply.json().path("id").asLong();
  }

  private Reply send(String method, String path, String body) {
    Request.Builder request = new Request.Builder()
        .url(client.getOrigin() + path)
        .method(method, body == null ? null : RequestBody.create(body, JSON));
    try (Response response = client.getOkHttp().newCall(request.build()).execute()) {
      String text = response.body() == null ? "" : response.body().string();
      return new Reply(method + " " + path, response.code(), response.header("Content-Type", ""), text);
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + " got no answer: " + e, e);
    }
  }
}
