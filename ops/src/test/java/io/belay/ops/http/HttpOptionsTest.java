package io.belay.ops.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpOptionsTest {

  @Test
  void shouldNeverPrintTheToken() {
    HttpOptions options = new HttpOptions("127.0.0.1", 8379, Optional.of("hunter2"));

    assertFalse(options.toString().contains("hunter2"), options.toString());
    assertEquals("HttpOptions[host=127.0.0.1, port=8379, adminToken=<set>]", options.toString());
  }

  @Test
  void shouldRefuseABlankTokenRatherThanRunWithoutOne() {
    assertThrows(IllegalArgumentException.class,
        () -> new HttpOptions("127.0.0.1", 8379, Optional.of("  ")));
  }

  @Test
  void shouldRefuseAPortOutOfRange() {
    assertThrows(IllegalArgumentException.class,
        () -> new HttpOptions("127.0.0.1", 65536, Optional.empty()));
  }
}
