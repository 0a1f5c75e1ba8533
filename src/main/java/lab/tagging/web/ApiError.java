package lab.tagging.web;

/** A client's mistake, answered with {@code {"status": …, "error": "…"}} and no change made. */
public final class ApiError extends RuntimeException {

  private final int status;

  private ApiError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public static ApiError badRequest(String message) {
    return new ApiError(400, message);
  }

  public static ApiError notFound(String message) {
    return new ApiError(404, message);
  }

  public int status() {
    return status;
  }
}
