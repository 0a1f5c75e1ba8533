package lab.tagging.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * The web server's own answers, for requests it refuses before the app sees them (a path that
 * cannot be decoded, a path or headers too long), in the API's JSON instead of Jetty's HTML.
 */
final class JettyErrors extends ErrorHandler {

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    return ByteBuffer.wrap(body(status).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
      HttpServletResponse response, int code, String message) throws IOException {
    baseRequest.setHandled(true);
    response.setContentType("application/json");
    response.getOutputStream().write(body(code).getBytes(StandardCharsets.UTF_8));
  }

  static String message(int status) {
    return switch (status) {
      case 400 -> "the request could not be read: its path or headers are malformed (an invalid %-escape, say)";
      case 414 -> "the request's path is too long";
      case 431 -> "the request's headers are too large";
      case 413 -> "the request body is larger than " + Bodies.MAX_BYTES / 1024 + " KiB";
      default -> "the request could not be served (HTTP " + status + ")";
    };
  }

  private static String body(int status) {
    try {
      return Json.mapper().writeValueAsString(new ErrorBody(status, message(status)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
