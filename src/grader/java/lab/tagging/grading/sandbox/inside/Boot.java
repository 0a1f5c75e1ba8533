package lab.tagging.grading.sandbox.inside;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The main class of the sandboxed JVM, the untrusted side: it loads the submission's classes
 * (the kit's and the student's, and the driver compiled against them) in a class loader of their
 * own and hands over to the driver. Everything this JVM does is behaviour under test; nothing it
 * says is a verdict.
 *
 * <p>The JVM's class path holds only jars (the libraries and this runner), so that every sandbox
 * of a class can map one class-data archive; the submission's folders come in the system property
 * {@value #SUBMISSION_PATH}.
 */
public final class Boot {

  /** The system property that lists the submission's folders, separated as a class path is. */
  public static final String SUBMISSION_PATH = "grading.submission.path";

  /** The driver's main class, compiled per submission against its classes. */
  public static final String DRIVER = "lab.tagging.grading.sandbox.inside.driver.Driver";

  private Boot() {}

  public static void main(String[] args) throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty(SUBMISSION_PATH, "").split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    ClassLoader submission = new URLClassLoader("submission", urls.toArray(URL[]::new), Boot.class.getClassLoader());
    // Hibernate, Jetty and SLF4J find classes and resources through the context class loader.
    Thread.currentThread().setContextClassLoader(submission);
    Class.forName(DRIVER, true, submission).getMethod("main", String[].class).invoke(null, (Object) args);
  }
}
