package lab.tagging.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The baseline of bench/student-benchmark.sh measures the kit's own libraries, not others. */
@Tag("kit")
@DisplayName("Kit · the student benchmark's baseline")
class StudentBaselineTest {

  @Test
  @DisplayName("the baseline project pins the kit's Hibernate, H2, JUnit and SLF4J versions and Maven plugins")
  void sameVersionsAsTheKit() throws IOException {
    String kit = Files.readString(Path.of("pom.xml"));
    String baseline = Files.readString(Path.of("bench/student-baseline/pom.xml"));
    for (String property : List.of("hibernate.version", "h2.version", "junit.version", "slf4j.version")) {
      assertThat(value(baseline, property)).as(property + " in bench/student-baseline/pom.xml")
          .isNotNull().isEqualTo(value(kit, property));
    }
    for (String plugin : List.of("maven-resources-plugin", "maven-compiler-plugin", "maven-surefire-plugin")) {
      assertThat(pluginVersion(baseline, plugin)).as(plugin + " in bench/student-baseline/pom.xml")
          .isNotNull().isEqualTo(pluginVersion(kit, plugin));
    }
  }

  private static String value(String pom, String property) {
    Matcher m = Pattern.compile("<" + Pattern.quote(property) + ">([^<]+)</").matcher(pom);
    return m.find() ? m.group(1) : null;
  }

  private static String pluginVersion(String pom, String artifact) {
    Matcher m = Pattern.compile("<artifactId>" + artifact + "</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
    return m.find() ? m.group(1) : null;
  }
}
