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

  /** 413: the request body is larger than the API reads. */
  public static ApiError tooLarge(String message) {
    return new ApiError(413, message);
  }

  /** 415: the request body is not JSON. */
  public static ApiError unsupportedMediaType(String message) {
    return new ApiError(415, message);
  }

  public int status() {
    return status;
  }
}
