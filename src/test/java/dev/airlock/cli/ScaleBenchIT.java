package dev.airlock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code airlock bench scale}, small: its figures come from real jobs and what it counts as left is nothing. */
class ScaleBenchIT {
  @Test
  void aSmallRunReportsEveryJobRunningAtOnceAndNothingLeft() throws Exception {
    CliRunner.Result r = CliRunner.run("bench", "scale", "--concurrent", "3", "--jobs", "4", "--policy", "offline",
        "--json");
    assertEquals(0, r.exitCode(), r.err());
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertEquals(3, doc.at("/concurrent/jobs").asInt());
    assertTrue(doc.at("/concurrent/allRunningMs").asLong() > 0, doc.toString());
    assertTrue(doc.at("/concurrent/peakRssMib").asLong() > 0, doc.toString());
    assertEquals(4, doc.at("/serial/jobs").asInt());
    for (String left : new String[] {"containersLeft", "networksLeft", "firewallRulesLeft"}) {
      assertEquals(0, doc.at("/serial/" + left).asInt(), left + " in " + doc);
    }
    assertTrue(doc.at("/serial/fdsAfter").asInt() <= doc.at("/serial/fdsBefore").asInt() + 2, doc.toString());
  }
}
