package dev.airlock.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.cli.CliRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every file in {@code policies/broken/} is invalid; its {@code # expect: PATH} lines name the JSON paths its
 * problems must be reported at, both by the loader and by {@code airlock policy lint} (exit 2).
 */
class PolicyCorpusTest {
  static final Path CORPUS = Path.of("src/test/resources/policies/broken");

  @Test
  void theCorpusHasAtLeastFifteenBrokenPolicies() throws IOException {
    assertTrue(files().size() >= 15, "corpus size " + files().size());
  }

  @TestFactory
  Stream<DynamicTest> eachBrokenPolicyIsRejectedAtItsPath() throws IOException {
    return files().stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
      List<String> expected = expectations(f);
      assertFalse(expected.isEmpty(), "no '# expect:' line in " + f);
      PolicyException e = assertThrows(PolicyException.class, () -> Policies.load(f));
      for (String path : expected) {
        assertTrue(e.violations().stream().anyMatch(v -> v.path().equals(path)),
            "expected a violation at " + path + ", got:\n" + e.getMessage());
      }
      CliRunner.Result lint = CliRunner.run("policy", "lint", f.toString());
      assertEquals(2, lint.exitCode(), lint.out());
      for (String path : expected) {
        assertTrue(lint.out().contains(": " + path + ": "), "lint output lacks " + path + ":\n" + lint.out());
      }
      CliRunner.Result run = CliRunner.run("run", "--policy", f.toString(), "--", "true");
      assertEquals(2, run.exitCode(), run.err());
    }));
  }

  private static List<Path> files() throws IOException {
    try (Stream<Path> s = Files.list(CORPUS)) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  private static List<String> expectations(Path f) throws IOException {
    return Files.readAllLines(f).stream().filter(l -> l.startsWith("# expect: "))
        .map(l -> l.substring("# expect: ".length()).trim()).toList();
  }
}
