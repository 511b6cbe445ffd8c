package io.belay.ops.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.election.GroupSpec;
import io.belay.election.Hooks;
import io.belay.ops.config.ConfigLoader;
import io.belay.ops.config.GroupConfig;
import io.belay.proxy.ClientTls;
import io.belay.proxy.ProxyOptions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every group key reaches the election's GroupSpec or the proxy's options. */
class TranslateTest {

  @TempDir
  Path dir;

  private GroupConfig load(String... groupLines) throws Exception {
    Path file = dir.resolve("belay.yaml");
    Files.writeString(file, String.join("\n",
        "node: { name: a }",
        "cluster: { members: [127.0.0.1:5701] }",
        "groups:",
        "  - name: g",
        "    listen: 127.0.0.1:6379",
        "    backends: [127.0.0.1:6380, 127.0.0.1:6381]",
        String.join("\n", groupLines),
        ""));
    return new ConfigLoader().loadNode(file).groups().get(0);
  }

  private Path file(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    assertTrue(file.toFile().setExecutable(true));
    return file;
  }

  @Test
  void shouldGiveTheElectionTheFailoverKeysAndHooks() throws Exception {
    Path notify = file("notify.sh", "#!/bin/sh\n");
    Path reconfig = file("reconfig.sh", "#!/bin/sh\n");
    GroupSpec spec = Translate.election(load(
        "    down-after: 2s",
        "    probe-interval: 250ms",
        "    failover-timeout: 30s",
        "    data-loss-budget: 1mb",
        "    notification-script: " + notify,
        "    client-reconfig-script: " + reconfig,
        "    webhooks: [https://hooks.example.com/belay]"));

    assertEquals(Duration.ofSeconds(2), spec.downAfter());
    assertEquals(Duration.ofMillis(250), spec.probeInterval());
    assertEquals(Duration.ofSeconds(30), spec.failoverTimeout());
    assertEquals(1024L * 1024, spec.dataLossBudget());
    assertEquals(Optional.of(notify), spec.hooks().notificationScript());
    assertEquals(Optional.of(reconfig), spec.hooks().clientReconfigScript());
    assertEquals(List.of(URI.create("https://hooks.example.com/belay")), spec.hooks().webhooks());
  }

  @Test
  void shouldKeepTheElectionDefaultsForKeysLeftOut() throws Exception {
    GroupSpec spec = Translate.election(load());
    GroupSpec defaults = GroupSpec.of("g", spec.backends(), 1);
    assertEquals(defaults.probeInterval(), spec.probeInterval());
    assertEquals(defaults.failoverTimeout(), spec.failoverTimeout());
    assertEquals(GroupSpec.UNLIMITED, spec.dataLossBudget());
    assertEquals(Hooks.NONE, spec.hooks());
  }

  @Test
  void shouldGiveTheProxyTheClientLimitsAndTls() throws Exception {
    Path cert = file("cert.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    Path key = file("key.pem", "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n");
    ProxyOptions options = Translate.proxy(load(
        "    maxclients: 50",
        "    timeout: 300s",
        "    client-output-buffer-limit: 8mb",
        "    tls: { cert: " + cert + ", key: " + key + " }"));

    assertEquals(50, options.maxClients());
    assertEquals(Duration.ofMinutes(5), options.idleTimeout());
    assertEquals(8L * 1024 * 1024, options.clientOutputBufferLimit());
    assertEquals(Optional.of(new ClientTls(cert, key)), options.tls());
  }

  @Test
  void shouldKeepTheProxyDefaultsAndReadAZeroOutputLimitAsNoLimit() throws Exception {
    ProxyOptions defaults = ProxyOptions.defaults("127.0.0.1", 6379);
    ProxyOptions options = Translate.proxy(load());
    assertEquals(defaults.maxClients(), options.maxClients());
    assertEquals(defaults.idleTimeout(), options.idleTimeout());
    assertEquals(defaults.clientOutputBufferLimit(), options.clientOutputBufferLimit());
    assertEquals(Optional.empty(), options.tls());

    assertEquals(Long.MAX_VALUE,
        Translate.proxy(load("    client-output-buffer-limit: 0")).clientOutputBufferLimit());
  }
}
