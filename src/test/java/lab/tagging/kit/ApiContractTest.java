package lab.tagging.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lab.tagging.support.Lab;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The edges of the HTTP API a client hits, and the lesson's promise that its error examples are
 * what the server answers, word for word. Raw HTTP over a socket, so that nothing in between
 * tidies a request or an answer.
 */
@Tag("kit")
@DisplayName("Kit · the HTTP API's contract")
class ApiContractTest {

  @RegisterExtension
  final Lab lab = new Lab();

  /** A raw answer: its status, headers (names in lower case) and body. */
  record Answer(int status, Map<String, String> headers, String body) {}

  @Test
  @DisplayName("every error example of docs/lesson.md, section 6, is what the server answers, word for word")
  void lessonErrorExamplesAreTheServersAnswers() throws Exception {
    List<String[]> examples = checkedExamples();
    assertThat(examples).as("the examples of the checked block in docs/lesson.md").hasSizeGreaterThan(8);
    lab.http(api -> {
      send(api.origin(), "POST", "/posts", Map.of("Content-Type", "application/json"), "{\"text\": \"This is a post\"}");
      for (String[] example : examples) {
        Answer answer = curl(api.origin(), example[0]);
        assertThat(answer.body() + "\n" + answer.status()).as("$ c " + example[0]).isEqualTo(example[1]);
      }
    });
  }

  @Test
  @DisplayName("a body over 1 MiB gets 413 as JSON and writes nothing, sent with a length or in chunks")
  void largeBodiesAre413() {
    lab.http(api -> {
      String chunk = "x".repeat(0x100000);
      StringBuilder chunked = new StringBuilder();
      for (int i = 0; i < 3; i++) {
        chunked.append("100000\r\n").append(chunk).append("\r\n");
      }
      chunked.append("0\r\n\r\n");
      Answer inChunks = raw(api.origin(), "POST /posts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunked);
      Answer withLength = raw(api.origin(), "POST /posts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Content-Length: 2000000\r\nConnection: close\r\n\r\n{\"text\": \"");

      for (Answer answer : List.of(inChunks, withLength)) {
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.headers().get("content-type")).startsWith("application/json");
        assertThat(answer.body()).isEqualTo("{\"status\":413,\"error\":\"the request body is larger than 1024 KiB\"}");
      }
      assertThat(lab.rows().count("Posts")).isZero();
    });
  }

  @Test
  @DisplayName("the web server's own refusals (a long path, long headers, a bad escape) are JSON, not HTML")
  void webServerErrorsAreJson() {
    lab.http(api -> {
      Answer longPath = raw(api.origin(), "GET /posts/" + "1".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      Answer longHeaders = raw(api.origin(), "GET /posts HTTP/1.1\r\nHost: x\r\nX-Long: " + "a".repeat(20_000)
          + "\r\nConnection: close\r\n\r\n");
      Answer nul = raw(api.origin(), "GET /posts/%00/tags/1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

      assertThat(longPath.status()).isEqualTo(414);
      assertThat(longPath.body()).isEqualTo("{\"status\":414,\"error\":\"the request's path is too long\"}");
      assertThat(longHeaders.status()).isEqualTo(431);
      assertThat(longHeaders.body()).isEqualTo("{\"status\":431,\"error\":\"the request's headers are too large\"}");
      assertThat(nul.status()).isEqualTo(400);
      assertThat(nul.body()).startsWith("{\"status\":400,\"error\":\"the request could not be read");
      for (Answer answer : List.of(longPath, longHeaders, nul)) {
        assertThat(answer.headers().get("content-type")).startsWith("application/json");
      }
    });
  }

  @Test
  @DisplayName("a 204 carries no content type")
  void noContentHasNoContentType() {
    lab.http(api -> {
      long tag = lab.newTag("doomed");

      Answer answer = send(api.origin(), "DELETE", "/tags/" + tag, Map.of(), null);

      assertThat(answer.status()).isEqualTo(204);
      assertThat(answer.headers()).doesNotContainKey("content-type");
      assertThat(answer.body()).isEmpty();
    });
  }

  @Test
  @DisplayName("the 255-character limit counts characters: 255 emoji are taken and come back whole, 256 are not")
  void limitCountsCharacters() {
    lab.http(api -> {
      String emoji = "\uD83D\uDE00";
      Answer taken = send(api.origin(), "POST", "/tags", Map.of("Content-Type", "application/json"),
          "{\"name\": \"" + emoji.repeat(255) + "\"}");
      Answer refused = send(api.origin(), "POST", "/tags", Map.of("Content-Type", "application/json"),
          "{\"name\": \"" + emoji.repeat(256) + "\"}");

      assertThat(taken.status()).as(taken.body()).isEqualTo(201);
      assertThat(taken.body()).contains("\"name\":\"" + emoji.repeat(255) + "\"");
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.body()).isEqualTo("{\"status\":400,\"error\":\"\\\"name\\\" is longer than 255 characters\"}");
    });
  }

  // The block of "$ c …" commands that docs/lesson.md says this test replays: each command with
  // what it prints (the body, then the status).
  private static List<String[]> checkedExamples() throws IOException {
    String doc = Files.readString(Path.of("docs/lesson.md"));
    int mention = doc.indexOf("ApiContractTest");
    assertThat(mention).as("docs/lesson.md names this test above the block it checks").isPositive();
    int start = doc.indexOf("```console\n", mention) + "```console\n".length();
    String block = doc.substring(start, doc.indexOf("```", start));
    List<String[]> examples = new ArrayList<>();
    String command = null;
    StringBuilder printed = new StringBuilder();
    for (String line : block.split("\n")) {
      if (line.startsWith("$ c ")) {
        if (command != null) {
          examples.add(new String[] {command, printed.toString().strip()});
        }
        command = line.substring("$ c ".length());
        printed.setLength(0);
      } else {
        printed.append(line).append('\n');
      }
    }
    if (command != null) {
      examples.add(new String[] {command, printed.toString().strip()});
    }
    return examples;
  }

  // The lesson's c (curl -s -w '\n%{http_code}\n' "$@") for the options the examples use:
  // -X METHOD, -H 'Header: value', -d 'body', and the URL $B/path.
  private static Answer curl(String origin, String arguments) throws IOException {
    List<String> words = shellWords(arguments);
    String method = null;
    String path = null;
    String body = null;
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      switch (word) {
        case "-X" -> method = words.get(++i);
        case "-H" -> {
          String[] header = words.get(++i).split(":", 2);
          headers.put(header[0].strip(), header[1].strip());
        }
        case "-d" -> body = words.get(++i);
        default -> path = word.replace("$B", "");
      }
    }
    if (body != null && !headers.containsKey("Content-Type")) {
      headers.put("Content-Type", "application/x-www-form-urlencoded");  // what curl -d sends
    }
    return send(origin, method != null ? method : body != null ? "POST" : "GET", path, headers, body);
  }

  private static List<String> shellWords(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (char ch : line.toCharArray()) {
      if (ch == '\'') {
        quoted = !quoted;
        any = true;
      } else if (ch == ' ' && !quoted) {
        if (any) {
          words.add(word.toString());
          word.setLength(0);
          any = false;
        }
      } else {
        word.append(ch);
        any = true;
      }
    }
    if (any) {
      words.add(word.toString());
    }
    return words;
  }

  private static Answer send(String origin, String method, String path, Map<String, String> headers, String body) {
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n");
    headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
    if (body != null || method.equals("POST")) {
      request.append("Content-Length: ").append(bytes.length).append("\r\n");
    }
    request.append("\r\n");
    byte[] head = request.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[head.length + bytes.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(bytes, 0, all, head.length, bytes.length);
    return raw(origin, all);
  }

  private static Answer raw(String origin, String request) {
    return raw(origin, request.getBytes(StandardCharsets.UTF_8));
  }

  private static Answer raw(String origin, byte[] request) {
    URI uri = URI.create(origin);
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
      } catch (IOException answeredEarly) {
        // The server may answer and close before it has read everything (413).
      }
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      in.transferTo(received);
      String text = received.toString(StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n\r\n");
      String[] lines = text.substring(0, end).split("\r\n");
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        String[] header = lines[i].split(":", 2);
        headers.put(header[0].strip().toLowerCase(Locale.ROOT), header[1].strip());
      }
      return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, text.substring(end + 4));
    } catch (IOException e) {
      throw new AssertionError("no answer from " + origin + ": " + e, e);
    }
  }
}
