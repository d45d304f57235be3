package dev.airlock.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.job.AgentSpec;
import dev.airlock.provider.ToolSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolBoxTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<String> names(ToolBox box) {
    return box.schemas().stream().map(ToolSchema::name).toList();
  }

  @Test
  void allDisclosureSendsEveryEnabledToolsSchemaAndNoMetaTool() {
    ToolBox box = new ToolBox(List.of("shell", "read_file"), AgentSpec.Disclosure.ALL);
    assertEquals(List.of("shell", "read_file"), names(box));
    assertTrue(!box.isMeta("tools"));
  }

  @Test
  void onDemandSendsOneSmallToolUntilTheModelEnablesOrCallsOthers() throws Exception {
    ToolBox box = new ToolBox(ToolCatalog.names(), AgentSpec.Disclosure.ON_DEMAND);
    assertEquals(List.of("tools"), names(box));
    String answer = box.enable(JSON.readTree("{\"enable\": [\"shell\", \"nope\"]}"));
    assertTrue(answer.startsWith("shell: enabled; Run a shell command"), answer);
    assertTrue(answer.contains("Parameters: cmd (string), timeout (integer)"), answer);
    assertTrue(answer.contains("nope: no such tool here"), answer);
    assertEquals(List.of("tools", "shell"), names(box));
    box.find("python");
    assertEquals(List.of("tools", "shell", "python"), names(box), "a tool called is a tool disclosed");
  }

  @Test
  void autoDisclosesOnDemandOnlyPastFiveTools() {
    assertEquals(AgentSpec.Disclosure.ALL, new ToolBox(AgentSpec.DEFAULT_TOOLS, AgentSpec.Disclosure.AUTO).disclosure());
    assertEquals(AgentSpec.Disclosure.ON_DEMAND, new ToolBox(ToolCatalog.names(), AgentSpec.Disclosure.AUTO)
        .disclosure());
  }

  @Test
  void schemasStayShortBecauseEveryRequestCarriesThem() throws Exception {
    ToolBox all = new ToolBox(ToolCatalog.names(), AgentSpec.Disclosure.ALL);
    assertEquals(10, all.schemas().size());
    int bytes = JSON.writeValueAsString(all.schemas()).length();
    assertTrue(bytes < 3_500, "10 tool schemas in " + bytes + " bytes");
  }

  @Test
  void anUnknownToolIsRefusedNamingTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ToolBox(List.of("shel"), AgentSpec.Disclosure.ALL));
    assertTrue(e.getMessage().contains("known: [shell, python"), e.getMessage());
  }
}
