package backprop.course;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

class CourseTest {

    private static String pomProperty(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertTrue(m.find(), name + " in pom.xml");
        return m.group(1);
    }

    @Test
    void versionsAreThoseThePomPins() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        String versions = Course.versions();
        assertTrue(versions.contains("EJML      " + pomProperty(pom, "ejml.version")), versions);
        assertTrue(versions.contains("XChart    " + pomProperty(pom, "xchart.version")), versions);
        assertTrue(versions.contains("Tablesaw  " + pomProperty(pom, "tablesaw.version")), versions);
        assertTrue(versions.contains("Java      " + Runtime.version().feature()), versions);
    }
}
