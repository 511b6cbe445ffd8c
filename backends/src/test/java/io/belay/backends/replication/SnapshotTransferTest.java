package io.belay.backends.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SnapshotTransferTest {

  private static final String MARK = "0123456789abcdef0123456789abcdef01234567";

  private static byte[] payload(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** Feeds {@code input} in pieces of {@code step} bytes; returns what the transfer left over. */
  private static byte[] feed(SnapshotTransfer t, byte[] input, int step) {
    ByteArrayOutputStream rest = new ByteArrayOutputStream();
    for (int i = 0; i < input.length; i += step) {
      int n = Math.min(step, input.length - i);
      int took = t.complete() ? 0 : t.take(input, i, n);
      rest.write(input, i + took, n - took);
    }
    return rest.toByteArray();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 40, 41, 4096})
  void shouldTakeExactlyTheAnnouncedLengthAndLeaveTheStreamThatFollows(int step) throws Exception {
    byte[] rdb = payload(10_000);
    byte[] stream = "*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);
    SnapshotTransfer t = SnapshotTransfer.announcedBy("$" + rdb.length);
    assertFalse(t.diskless());
    byte[] rest = feed(t, concat(rdb, stream), step);
    assertTrue(t.complete());
    assertEquals(rdb.length, t.size());
    assertArrayEquals(rdb, t.rdb().readAllBytes());
    assertArrayEquals(stream, rest);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 39, 40, 41, 1000, 100_000})
  void shouldEndADisklessTransferAtItsMarkWhereverTheReadsSplitIt(int step) throws Exception {
    byte[] rdb = payload(50_000);
    SnapshotTransfer t = SnapshotTransfer.announcedBy("$EOF:" + MARK);
    assertTrue(t.diskless());
    byte[] rest = feed(t, concat(rdb, MARK.getBytes(StandardCharsets.US_ASCII)), step);
    assertTrue(t.complete());
    assertEquals(0, rest.length);
    assertEquals(rdb.length, t.size());
    assertArrayEquals(rdb, t.rdb().readAllBytes(), "the mark is not part of the snapshot");
  }

  @Test
  void shouldNotTakeTheMarkInsideTheSnapshotForItsEnd() {
    byte[] rdb = concat(payload(100), MARK.getBytes(StandardCharsets.US_ASCII), payload(100));
    SnapshotTransfer t = SnapshotTransfer.announcedBy("$EOF:" + MARK);
    // the mark ends a read only at the snapshot's end: the master streams nothing after it
    t.take(rdb, 0, 100);
    assertFalse(t.complete());
    t.take(rdb, 100, rdb.length - 100);
    assertFalse(t.complete(), "the mark was followed by more of the snapshot");
    t.take(MARK.getBytes(StandardCharsets.US_ASCII), 0, MARK.length());
    assertTrue(t.complete());
    assertEquals(rdb.length, t.size());
  }

  @Test
  void shouldAcceptAnEmptySnapshotOfKnownLength() throws Exception {
    SnapshotTransfer t = SnapshotTransfer.announcedBy("$0");
    assertTrue(t.complete());
    assertEquals(0, t.rdb().readAllBytes().length);
  }

  @ParameterizedTest
  @ValueSource(strings = {"+OK", "$", "$-1", "$abc", "$EOF:short", "$EOF:" + MARK + "x"})
  void shouldRefuseAHeaderThatAnnouncesNoSnapshot(String header) {
    assertThrows(IllegalArgumentException.class, () -> SnapshotTransfer.announcedBy(header));
  }
}
