package lab.tagging.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import lab.tagging.LabTodo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns every failure into a JSON error; a stack trace goes to the log, never to a client. */
final class ErrorHandlers {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandlers.class);

  private ErrorHandlers() {}

  static void register(Javalin app) {
    app.exception(ApiError.class, (e, ctx) -> send(ctx, e.status(), e.getMessage()));
    app.exception(LabTodo.class, (e, ctx) -> send(ctx, 501, e.getMessage()));
    app.exception(Exception.class, (e, ctx) -> {
      LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
      send(ctx, 500, "internal error (" + e.getClass().getSimpleName() + "); the server log has the details");
    });
    // Javalin's own answers (no such route, wrong method) would be plain text otherwise.
    app.error(404, ctx -> ifNoBody(ctx, "no endpoint " + ctx.method() + " " + ctx.path()));
    app.error(405, ctx -> ifNoBody(ctx, ctx.method() + " is not allowed on " + ctx.path()));
    app.error(413, ctx -> ifNoBody(ctx, JettyErrors.message(413)));
  }

  private static void ifNoBody(Context ctx, String message) {
    if (!"application/json".equals(ctx.res().getContentType())) {
      send(ctx, ctx.statusCode(), message);
    }
  }

  static void send(Context ctx, int status, String message) {
    ctx.status(status).json(new ErrorBody(status, message));
  }
}
