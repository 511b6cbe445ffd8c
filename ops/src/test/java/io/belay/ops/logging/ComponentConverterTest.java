package io.belay.ops.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ComponentConverterTest {

  @Test
  void shouldNameBelayLoggersByTheirInnermostPackage() {
    assertEquals("replication", ComponentConverter.component("io.belay.backends.replication.ReplicaLink"));
    assertEquals("ops", ComponentConverter.component("io.belay.ops.Main"));
    assertEquals("cli", ComponentConverter.component("io.belay.ops.cli.BackendCommand"));
  }

  @Test
  void shouldSkipImplPackages() {
    assertEquals("election", ComponentConverter.component("io.belay.election.impl.FailoverMachine"));
    assertEquals("config", ComponentConverter.component("io.belay.ops.config.impl.YamlFiles"));
  }

  @Test
  void shouldNameLibraryLoggersByTheirProject() {
    assertEquals("netty", ComponentConverter.component("io.netty.channel.nio.NioEventLoop"));
    assertEquals("hazelcast", ComponentConverter.component("com.hazelcast.internal.cluster.ClusterService"));
    assertEquals("vertx", ComponentConverter.component("io.vertx.core.impl.VertxImpl"));
  }

  @Test
  void shouldKeepLoggerNamesThatAreAlreadyShort() {
    assertEquals("replication", ComponentConverter.component("replication"));
    assertEquals("ROOT", ComponentConverter.component("ROOT"));
  }
}
