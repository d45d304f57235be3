package dev.airlock.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ResultTextTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void aShellResultLeadsWithItsExitCodeThenItsOutputThenItsErrors() throws Exception {
    ResultText.Rendered r = ResultText.render("shell", json("{\"ok\":false,\"exit\":1,\"timed_out\":false,"
        + "\"stdout\":\"3 passed\\n\",\"stderr\":\"1 failed\\n\",\"truncated\":false,\"stdout_bytes\":9,"
        + "\"stderr_bytes\":9}"), 8192);
    assertEquals("exit 1\n3 passed\n[stderr]\n1 failed\n", r.text());
    assertEquals(OptionalInt.of(1), r.exitCode());
    assertTrue(!r.ok());
    assertEquals(18, r.outputBytes());
  }

  @Test
  void aCutOutputSaysWhereTheWholeOfItIsAndHowToReadOn() throws Exception {
    ResultText.Rendered r = ResultText.render("shell", json("{\"ok\":true,\"exit\":0,\"stdout\":\"head\\n... [9000 "
        + "bytes truncated] ...\\ntail\\n\",\"stderr\":\"\",\"truncated\":true,\"saved\":{\"stdout\":{\"path\":"
        + "\".airlock/out/t2-1.stdout\",\"bytes\":9010,\"complete\":true}}}"), 8192);
    assertTrue(r.text().endsWith("[stdout was cut to its head and tail: all 9010 bytes are in "
        + ".airlock/out/t2-1.stdout; read_file with offset, or search_files, reads it]"), r.text());
    assertTrue(r.truncated());
  }

  @Test
  void aTimedOutCommandAndAFailedOperationReadAsSuch() throws Exception {
    assertEquals("timed out: killed after 30s", ResultText.render("shell", json("{\"ok\":false,\"exit\":-9,"
        + "\"timed_out\":true,\"stdout\":\"\",\"stderr\":\"\",\"ms\":30012}"), 8192).text());
    assertEquals("error: FileNotFoundError: 'x' does not exist", ResultText.render("read_file",
        json("{\"ok\":false,\"error\":\"FileNotFoundError: 'x' does not exist\"}"), 8192).text());
  }

  @Test
  void pythonShowsItsOutputAndTheValueOfItsLastExpression() throws Exception {
    assertEquals("hi\n=> 42", ResultText.render("python", json("{\"ok\":true,\"value\":\"42\",\"output\":\"hi\\n\"}"),
        8192).text());
    assertEquals("(no output)", ResultText.render("python", json("{\"ok\":true,\"value\":null,\"output\":\"\"}"),
        8192).text());
  }

  @Test
  void anyResultStaysWithinTheLimitKeepingItsHeadAndTail() {
    String clipped = ResultText.clip("a".repeat(5000) + "END", 1000);
    assertTrue(clipped.length() <= 1000, String.valueOf(clipped.length()));
    assertTrue(clipped.startsWith("aaa") && clipped.endsWith("END") && clipped.contains("characters cut]"));
  }
}
