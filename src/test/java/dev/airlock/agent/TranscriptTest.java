package dev.airlock.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airlock.provider.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranscriptTest {
  @Test
  void longResultsOlderThanFourTurnsAreSentAsStubsAndShortOnesStay() {
    Transcript t = new Transcript();
    t.add(new Message.User("task"), 0);
    t.add(new Message.ToolResult("c1", "read_file", "x".repeat(5000), false), 1);
    t.add(new Message.ToolResult("c2", "shell", "exit 0", false), 1);
    assertEquals("x".repeat(5000), ((Message.ToolResult) t.view(5).get(1)).content(), "four turns on: kept");
    List<Message> later = t.view(6);
    String stub = ((Message.ToolResult) later.get(1)).content();
    assertTrue(stub.startsWith("[an earlier result of read_file (5000 characters), left out"), stub);
    assertEquals("c1", ((Message.ToolResult) later.get(1)).callId(), "the stub still answers its call");
    assertEquals("exit 0", ((Message.ToolResult) later.get(2)).content());
    assertEquals(new Message.User("task"), later.get(0));
  }
}
