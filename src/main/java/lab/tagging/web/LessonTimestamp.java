package lab.tagging.web;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.annotation.JsonFormat;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Writes an {@code Instant} the way the lesson's JSON does: {@code 2016-05-30T23:18:13.000Z},
 * UTC, always three fraction digits. Put it on every timestamp field of a JSON record.
 *
 * <p>Without it Jackson writes ISO-8601 with as few fraction digits as the value needs, so a
 * time that falls on a whole second loses its {@code .000}.
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT,
    ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@JacksonAnnotationsInside
@JsonFormat(shape = JsonFormat.Shape.STRING, pattern = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", timezone = "UTC")
public @interface LessonTimestamp {}
