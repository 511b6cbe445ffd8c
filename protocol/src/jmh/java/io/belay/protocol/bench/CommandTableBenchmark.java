package io.belay.protocol.bench;

import io.belay.protocol.command.CommandSpec;
import io.belay.protocol.command.CommandTable;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The per-command cost of finding a command's spec and its keys on the data path. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CommandTableBenchmark {

  private final CommandTable table = CommandTable.redis7();
  private final byte[][] get = args("get", "user:1000");
  private final byte[][] configGet = args("CONFIG", "GET", "maxmemory");
  private final byte[][] mset = args("MSET", "a", "1", "b", "2", "c", "3");

  private static byte[][] args(String... words) {
    byte[][] out = new byte[words.length][];
    for (int i = 0; i < words.length; i++) {
      out[i] = words[i].getBytes(StandardCharsets.US_ASCII);
    }
    return out;
  }

  @Benchmark
  public CommandSpec lookupGet() {
    return table.lookup(get[0]);
  }

  @Benchmark
  public CommandSpec resolveConfigGet() {
    return table.resolve(configGet);
  }

  @Benchmark
  public int[] keyPositionsMset() {
    return table.keyPositions(table.resolve(mset), mset);
  }
}
