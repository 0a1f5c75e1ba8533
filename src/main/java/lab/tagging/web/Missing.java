package lab.tagging.web;

/** The 404 answers, worded the same everywhere. */
public final class Missing {

  private Missing() {}

  public static ApiError post(long id) {
    return ApiError.notFound("post " + id + " not found");
  }

  public static ApiError tag(long id) {
    return ApiError.notFound("tag " + id + " not found");
  }
}
