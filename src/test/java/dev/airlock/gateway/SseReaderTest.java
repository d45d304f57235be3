package dev.airlock.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import okio.Buffer;
import org.junit.jupiter.api.Test;

class SseReaderTest {
  @Test
  void readsEventsWithNamesMultiLineDataAndComments() throws Exception {
    SseReader r = new SseReader(new Buffer().writeUtf8(
        "event: message_start\ndata: {\"a\":1}\n\n: keep-alive\n\ndata: one\ndata:two\n\ndata: [DONE]\n\n"));
    SseEvent first = r.next();
    assertEquals("message_start", first.event());
    assertEquals("{\"a\":1}", first.data());
    assertEquals("event: message_start\ndata: {\"a\":1}\n\n", first.raw());
    SseEvent comment = r.next();
    assertNull(comment.data());
    assertEquals(": keep-alive\n\n", comment.raw());
    assertEquals("one\ntwo", r.next().data());
    assertEquals("[DONE]", r.next().data());
    assertNull(r.next());
  }

  @Test
  void dropsAHalfWrittenLastEvent() throws Exception {
    SseReader r = new SseReader(new Buffer().writeUtf8("data: whole\n\ndata: half"));
    assertEquals("whole", r.next().data());
    assertNull(r.next());
  }

  @Test
  void acceptsCrLfLineEnds() throws Exception {
    SseReader r = new SseReader(new Buffer().writeUtf8("data: x\r\n\r\n"));
    assertEquals("x", r.next().data());
  }
}
