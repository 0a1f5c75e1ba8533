package lab.tagging.web;

import io.javalin.http.Context;
import java.util.regex.Pattern;

/** Reads the numeric ids in a request path, refusing anything else with 400. */
public final class PathIds {

  private static final Pattern DIGITS = Pattern.compile("[0-9]+");

  private PathIds() {}

  /** The {@code {id}} of a post path. */
  public static long postId(Context ctx) {
    return parse(ctx.pathParam("id"), "post");
  }

  /** The {@code {tid}} of a post's tag path. */
  public static long tagId(Context ctx) {
    return parse(ctx.pathParam("tid"), "tag");
  }

  /** The {@code {id}} of a tag path. */
  public static long tagIdOfTagPath(Context ctx) {
    return parse(ctx.pathParam("id"), "tag");
  }

  static long parse(String raw, String what) {
    if (!DIGITS.matcher(raw).matches()) {
      throw ApiError.badRequest(what + " id must be a whole number, not '" + abbreviate(raw) + "'");
    }
    try {
      return Long.parseLong(raw);
    } catch (NumberFormatException tooLarge) {
      throw ApiError.badRequest(what + " id " + abbreviate(raw) + " is out of range: ids go up to " + Long.MAX_VALUE);
    }
  }

  private static String abbreviate(String raw) {
    return raw.length() <= 40 ? raw : raw.substring(0, 40) + "…";
  }
}
