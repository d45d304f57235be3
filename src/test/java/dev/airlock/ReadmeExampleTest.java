package dev.airlock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java API example compiles against this build, exactly as written there. */
class ReadmeExampleTest {
  @TempDir
  Path dir;

  @Test
  void theJavaApiExampleInTheReadmeCompiles() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    int section = readme.indexOf("\n## Java API\n");
    assertTrue(section > 0, "the README has a Java API section");
    Matcher block = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertTrue(block.find(section), "the Java API section has a java block");
    Matcher name = Pattern.compile("public class (\\w+)").matcher(block.group(1));
    assertTrue(name.find(), "the example is a public class");
    Path source = dir.resolve(name.group(1) + ".java");
    Files.writeString(source, block.group(1));

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter errors = new StringWriter();
    boolean ok = javac.getTask(errors, null, null, List.of("--release", "21", "-Xlint:all", "-Werror", "-d",
        dir.resolve("classes").toString(), "-cp", System.getProperty("java.class.path")), null,
        javac.getStandardFileManager(null, null, null).getJavaFileObjects(source)).call();
    assertEquals("", errors.toString());
    assertTrue(ok);
  }
}
