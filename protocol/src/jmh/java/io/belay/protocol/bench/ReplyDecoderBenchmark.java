package io.belay.protocol.bench;

import io.belay.protocol.DecoderLimits;
import io.belay.protocol.ReplyDecoder;
import io.belay.protocol.RespValue;
import io.belay.protocol.RespWriter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/** Replies per second through the reply decoder: a mix of what a proxy reads from its backends. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReplyDecoderBenchmark {

  private static final int REPLIES = 1024;

  @Param({"2", "3"})
  public int protocol;

  @Param({"16384"})
  public int chunk;

  private byte[] stream;
  private ReplyDecoder decoder;

  @Setup
  public void setUp(Blackhole blackhole) {
    RespWriter writer = new RespWriter();
    writer.setProtocol(protocol);
    RespValue array = new RespValue.Array(List.of(RespValue.bulk("field"), RespValue.bulk("value"), RespValue.bulk("x")));
    RespValue map = new RespValue.Map(List.of(RespValue.bulk("a"), new RespValue.Integer(1), RespValue.bulk("b"),
        new RespValue.Double(2.5)));
    for (int i = 0; i < REPLIES; i++) {
      switch (i % 5) {
        case 0 -> writer.ok();
        case 1 -> writer.bulk("value-" + i);
        case 2 -> writer.integer(i);
        case 3 -> writer.value(array);
        default -> writer.value(map);
      }
    }
    stream = writer.drain();
    decoder = new ReplyDecoder(DecoderLimits.DEFAULTS, blackhole::consume);
  }

  @Benchmark
  @OperationsPerInvocation(REPLIES)
  public boolean decodePipeline() {
    for (int offset = 0; offset < stream.length; offset += chunk) {
      decoder.feed(stream, offset, Math.min(chunk, stream.length - offset));
    }
    return decoder.isIdle();
  }
}
