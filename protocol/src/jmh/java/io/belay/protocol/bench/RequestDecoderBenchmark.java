package io.belay.protocol.bench;

import io.belay.protocol.DecoderLimits;
import io.belay.protocol.RequestDecoder;
import io.belay.protocol.RespWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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

/** Commands per second through the request decoder: a pipeline fed in socket-sized chunks. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RequestDecoderBenchmark {

  private static final int COMMANDS = 1024;

  /** {@code multibulk} is what client libraries send; {@code inline} is what people type. */
  @Param({"multibulk", "inline"})
  public String form;

  @Param({"16384"})
  public int chunk;

  @Param({"8"})
  public int valueBytes;

  private byte[] stream;
  private RequestDecoder decoder;

  @Setup
  public void setUp(Blackhole blackhole) {
    String value = "v".repeat(valueBytes);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RespWriter writer = new RespWriter();
    for (int i = 0; i < COMMANDS; i++) {
      String key = "key:" + i;
      if (form.equals("inline")) {
        out.writeBytes(("SET " + key + " " + value + "\r\n").getBytes(StandardCharsets.US_ASCII));
      } else {
        out.writeBytes(writer.command("SET", key, value).drain());
      }
    }
    stream = out.toByteArray();
    decoder = new RequestDecoder(DecoderLimits.DEFAULTS, blackhole::consume);
  }

  @Benchmark
  @OperationsPerInvocation(COMMANDS)
  public int decodePipeline() {
    for (int offset = 0; offset < stream.length; offset += chunk) {
      decoder.feed(stream, offset, Math.min(chunk, stream.length - offset));
    }
    return decoder.buffered();
  }
}
