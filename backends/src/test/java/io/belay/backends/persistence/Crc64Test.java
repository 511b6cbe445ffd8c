package io.belay.backends.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.belay.backends.persistence.impl.Crc64;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Crc64Test {

  @Test
  void shouldMatchRedisTestVector() {
    // redis/src/crc64.c: crc64(0, "123456789", 9) == 0xe9c6d914c4b8d9ca
    assertEquals(0xe9c6d914c4b8d9caL, Crc64.of("123456789".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void shouldMatchRedisLoremTestVector() {
    // crc64.c's second self-test vector, over sizeof(li): the text and its terminating NUL
    String li = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed "
        + "do eiusmod tempor incididunt ut labore et dolore magna "
        + "aliqua. Ut enim ad minim veniam, quis nostrud exercitation "
        + "ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis "
        + "aute irure dolor in reprehenderit in voluptate velit esse "
        + "cillum dolore eu fugiat nulla pariatur. Excepteur sint "
        + "occaecat cupidatat non proident, sunt in culpa qui officia "
        + "deserunt mollit anim id est laborum.\0";
    assertEquals(0xc7794709e69683b3L, Crc64.of(li.getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void shouldGiveTheSameResultInPiecesAsAtOnce() {
    byte[] data = new byte[10_000];
    new Random(7).nextBytes(data);
    long whole = Crc64.of(data);
    long crc = 0;
    int[] cuts = {0, 1, 9, 17, 4000, 4003, 9999, 10_000};
    for (int i = 0; i + 1 < cuts.length; i++) {
      crc = Crc64.update(crc, data, cuts[i], cuts[i + 1] - cuts[i]);
    }
    assertEquals(whole, crc);
    long bytewise = 0;
    for (byte b : data) {
      bytewise = Crc64.update(bytewise, new byte[] {b}, 0, 1);
    }
    assertEquals(whole, bytewise);
  }
}
