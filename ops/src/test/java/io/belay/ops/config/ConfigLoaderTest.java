package io.belay.ops.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  /** The example from DESIGN.md, verbatim. */
  static final String DESIGN_EXAMPLE = String.join("\n",
      "node:    { name: a, http: 127.0.0.1:8379 }",
      "cluster: { name: belay, port: 5701, members: [127.0.0.1:5701, 127.0.0.1:5702, 127.0.0.1:5703] }",
      "groups:",
      "  - name: mymaster",
      "    listen: 127.0.0.1:6379",
      "    backends: [127.0.0.1:6380, 127.0.0.1:6381, 127.0.0.1:6382]",
      "    embedded: [127.0.0.1:6380]          # backends this node runs in-process, if any",
      "    quorum: 2",
      "    down-after: 200ms",
      "    read-policy: prefer-replica          # master | prefer-replica | replica | any | least-lag",
      "    max-replica-lag: 1s                  # replicas behind this are not read from",
      "    consistency: eventual                # or read-your-writes",
      "    durability: async                    # or replica-ack:1 (ack after N replicas have it)",
      "    hold-writes: 2s                      # during failover, hold writes this long, then error",
      "");

  static final String MINIMAL = String.join("\n",
      "node: { name: a }",
      "cluster: { members: [127.0.0.1:5701, 127.0.0.1:5702, 127.0.0.1:5703] }",
      "groups:",
      "  - name: cache",
      "    listen: 127.0.0.1:6379",
      "    backends: [10.0.0.1:6379, 10.0.0.2:6379]",
      "");

  @TempDir
  Path dir;

  private final ConfigLoader loader = new ConfigLoader();

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("belay.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  /** Loads the design example with one line replaced, and returns the failure message. */
  private String failureWith(String line, String replacement) throws IOException {
    assertTrue(DESIGN_EXAMPLE.contains(line), line);
    return failure(DESIGN_EXAMPLE.replace(line, replacement));
  }

  private String failure(String yaml) throws IOException {
    Path file = write(yaml);
    ConfigException e = assertThrows(ConfigException.class, () -> loader.loadNode(file));
    String message = e.getMessage();
    assertFalse(message.contains("\n"), () -> "not one line: " + message);
    assertTrue(message.startsWith(file + ": "), () -> "does not name the file: " + message);
    return message.substring(file.toString().length() + 2);
  }

  @Test
  void shouldReadTheDesignExample() throws Exception {
    NodeConfig config = loader.loadNode(write(DESIGN_EXAMPLE));

    assertEquals("a", config.node().name());
    assertEquals(new HostPort("127.0.0.1", 8379), config.node().http());
    assertEquals(Optional.empty(), config.node().adminToken());
    assertEquals("belay", config.cluster().name());
    assertEquals(5701, config.cluster().port());
    assertEquals(3, config.cluster().members().size());
    GroupConfig group = config.groups().get(0);
    assertEquals("mymaster", group.name());
    assertEquals(new HostPort("127.0.0.1", 6379), group.listen());
    assertEquals(List.of(new HostPort("127.0.0.1", 6380), new HostPort("127.0.0.1", 6381),
        new HostPort("127.0.0.1", 6382)), group.backends());
    assertEquals(new HostPort("127.0.0.1", 6380), group.initialMaster());
    assertEquals(List.of(new HostPort("127.0.0.1", 6380)), group.embedded());
    assertEquals(2, group.quorum());
    assertEquals(Duration.ofMillis(200), group.downAfter());
    assertEquals(ReadPolicy.PREFER_REPLICA, group.readPolicy());
    assertEquals(Duration.ofSeconds(1), group.maxReplicaLag());
    assertEquals(Consistency.EVENTUAL, group.consistency());
    assertEquals(Durability.ASYNC, group.durability());
    assertEquals(Duration.ofSeconds(2), group.holdWrites());
    assertEquals(config.groups().get(0), config.group("mymaster").orElseThrow());
  }

  @Test
  void shouldFillDefaultsForKeysLeftOut() throws Exception {
    NodeConfig config = loader.loadNode(write(MINIMAL));

    assertEquals(NodeSection.DEFAULT_HTTP, config.node().http());
    assertEquals(ClusterSection.DEFAULT_NAME, config.cluster().name());
    assertEquals(ClusterSection.DEFAULT_PORT, config.cluster().port());
    GroupConfig group = config.groups().get(0);
    assertEquals(List.of(), group.embedded());
    assertEquals(2, group.quorum(), "majority of three members");
    assertEquals(GroupConfig.DEFAULT_DOWN_AFTER, group.downAfter());
    assertEquals(ReadPolicy.MASTER, group.readPolicy());
    assertEquals(Consistency.EVENTUAL, group.consistency());
    assertEquals(Durability.ASYNC, group.durability());
    assertEquals(GroupConfig.DEFAULT_HOLD_WRITES, group.holdWrites());
    assertEquals(1, group.minReplicasToWrite(), "one replica must ack when there is one");
    assertEquals(Optional.empty(), group.requirepass());
    assertEquals(Duration.ofMillis(100), group.failover().probeInterval());
    assertEquals(Duration.ofSeconds(10), group.failover().failoverTimeout());
    assertEquals(DataLossBudget.UNLIMITED, group.failover().dataLossBudget());
    assertEquals(HookSettings.NONE, group.hooks());
    assertEquals(10_000, group.clients().maxclients());
    assertEquals(Duration.ZERO, group.clients().timeout(), "never closes idle clients");
    assertEquals(256L * 1024 * 1024, group.clients().clientOutputBufferLimit().bytes());
    assertEquals(Optional.empty(), group.tls());
  }

  /** A file in the test directory with {@code text}, executable or not. */
  private Path file(String name, String text, boolean executable) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    assertTrue(file.toFile().setExecutable(executable));
    return file;
  }

  private static final String CERT = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
  private static final String KEY = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";

  @Test
  void shouldReadFailoverHookClientAndTlsKeys() throws Exception {
    Path notify = file("notify.sh", "#!/bin/sh\n", true);
    Path reconfig = file("reconfig.sh", "#!/bin/sh\n", true);
    Path cert = file("cert.pem", CERT, false);
    Path key = file("key.pem", KEY, false);
    NodeConfig config = loader.loadNode(write(DESIGN_EXAMPLE + String.join("\n",
        "    probe-interval: 50ms",
        "    failover-timeout: 3s",
        "    data-loss-budget: 64mb",
        "    notification-script: " + notify,
        "    client-reconfig-script: " + reconfig,
        "    webhooks: [https://hooks.example.com/belay, 'http://127.0.0.1:9000/events']",
        "    maxclients: 500",
        "    timeout: 5m",
        "    client-output-buffer-limit: 32mb",
        "    tls: { cert: " + cert + ", key: " + key + " }",
        "")));

    GroupConfig group = config.groups().get(0);
    assertEquals(new FailoverSettings(Duration.ofMillis(50), Duration.ofSeconds(3),
        new DataLossBudget(64L * 1024 * 1024)), group.failover());
    assertEquals(new HookSettings(Optional.of(notify), Optional.of(reconfig),
        List.of(URI.create("https://hooks.example.com/belay"), URI.create("http://127.0.0.1:9000/events"))),
        group.hooks());
    assertEquals(new ClientLimits(500, Duration.ofMinutes(5), new ByteSize(32L * 1024 * 1024)),
        group.clients());
    assertEquals(Optional.of(new TlsFiles(cert, key)), group.tls());
  }

  @Test
  void shouldReadAnUnlimitedDataLossBudgetAndNoTimeout() throws Exception {
    GroupConfig group = loader.loadNode(write(DESIGN_EXAMPLE
        + "    data-loss-budget: unlimited\n    timeout: 0s\n    client-output-buffer-limit: 0\n"))
        .groups().get(0);
    assertTrue(group.failover().dataLossBudget().isUnlimited());
    assertEquals(Duration.ZERO, group.clients().timeout());
    assertEquals(ByteSize.ZERO, group.clients().clientOutputBufferLimit(), "redis.conf's no limit");
  }

  @Test
  void shouldRejectBadFailoverValues() throws Exception {
    assertEquals("groups[0].probe-interval: 'often' is not a duration"
            + " (a whole number with a unit: ms, s, m, h; e.g. 200ms, 1s, 2m)",
        failure(DESIGN_EXAMPLE + "    probe-interval: often\n"));
    assertEquals("groups[0].probe-interval: '200ms' is not shorter than down-after (200ms):"
            + " a healthy backend would look down between two probes",
        failure(DESIGN_EXAMPLE + "    probe-interval: 200ms\n"));
    assertEquals("groups[0].down-after: '100ms' is not longer than probe-interval (100ms by default);"
            + " set a shorter probe-interval",
        failureWith("down-after: 200ms", "down-after: 100ms"));
    assertEquals("groups[0].failover-timeout: '0ms' is too short (must be more than 0ms)",
        failure(DESIGN_EXAMPLE + "    failover-timeout: 0ms\n"));
    assertEquals("groups[0].data-loss-budget: 'lots' is not a size or unlimited (e.g. 64mb, 1gb, unlimited)",
        failure(DESIGN_EXAMPLE + "    data-loss-budget: lots\n"));
  }

  @Test
  void shouldRejectAHookScriptThatIsMissingOrNotExecutable() throws Exception {
    Path missing = dir.resolve("missing.sh");
    assertEquals("groups[0].notification-script: '" + missing + "' does not exist",
        failure(DESIGN_EXAMPLE + "    notification-script: " + missing + "\n"));
    Path plain = file("plain.sh", "#!/bin/sh\n", false);
    assertEquals("groups[0].client-reconfig-script: '" + plain + "' is not executable (chmod +x it)",
        failure(DESIGN_EXAMPLE + "    client-reconfig-script: " + plain + "\n"));
    assertEquals("groups[0].notification-script: '" + dir + "' is not a file",
        failure(DESIGN_EXAMPLE + "    notification-script: " + dir + "\n"));
  }

  @Test
  void shouldRejectAWebhookThatIsNotAnHttpUrl() throws Exception {
    assertEquals("groups[0].webhooks[1]: 'ftp://example.com/x' is not an http or https URL"
            + " (e.g. https://hooks.example.com/belay)",
        failure(DESIGN_EXAMPLE + "    webhooks: [https://example.com/ok, ftp://example.com/x]\n"));
    assertEquals("groups[0].webhooks[0]: 'example.com/hook' is not an http or https URL"
            + " (e.g. https://hooks.example.com/belay)",
        failure(DESIGN_EXAMPLE + "    webhooks: [example.com/hook]\n"));
    assertEquals("groups[0].webhooks: expected a list",
        failure(DESIGN_EXAMPLE + "    webhooks: https://example.com/ok\n"));
  }

  @Test
  void shouldRejectBadClientLimits() throws Exception {
    assertEquals("groups[0].maxclients: '0' is not a whole number >= 1",
        failure(DESIGN_EXAMPLE + "    maxclients: 0\n"));
    assertEquals("groups[0].maxclients: 'many' is not a whole number",
        failure(DESIGN_EXAMPLE + "    maxclients: many\n"));
    assertTrue(failure(DESIGN_EXAMPLE + "    timeout: 300\n")
        .startsWith("groups[0].timeout: '300' is not a duration"), "a unit is required");
    assertEquals("groups[0].client-output-buffer-limit: 'big' is not a size (bytes, or a whole number"
            + " with a unit: k, kb, m, mb, g, gb; e.g. 100mb)",
        failure(DESIGN_EXAMPLE + "    client-output-buffer-limit: big\n"));
  }

  @Test
  void shouldRejectTlsWithoutBothReadablePemFiles() throws Exception {
    Path cert = file("cert.pem", CERT, false);
    Path key = file("key.pem", KEY, false);
    assertEquals("groups[0].tls.key: missing required key (a PEM private key file, with cert beside it)",
        failure(DESIGN_EXAMPLE + "    tls: { cert: " + cert + " }\n"));
    assertEquals("groups[0].tls.cert: missing required key (a PEM certificate file, with key beside it)",
        failure(DESIGN_EXAMPLE + "    tls: { key: " + key + " }\n"));
    Path missing = dir.resolve("none.pem");
    assertEquals("groups[0].tls.cert: '" + missing + "' does not exist",
        failure(DESIGN_EXAMPLE + "    tls: { cert: " + missing + ", key: " + key + " }\n"));
    assertEquals("groups[0].tls.key: '" + cert + "' holds no PEM private key (-----BEGIN PRIVATE KEY-----)",
        failure(DESIGN_EXAMPLE + "    tls: { cert: " + cert + ", key: " + cert + " }\n"));
    assertEquals("groups[0].tls.cert: '" + key + "' holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
        failure(DESIGN_EXAMPLE + "    tls: { cert: " + key + ", key: " + key + " }\n"));
    Path encrypted = file("encrypted.pem", KEY.replace("PRIVATE", "ENCRYPTED PRIVATE"), false);
    assertTrue(failure(DESIGN_EXAMPLE + "    tls: { cert: " + cert + ", key: " + encrypted + " }\n")
        .startsWith("groups[0].tls.key: '" + encrypted + "' is an encrypted key"));
    assertTrue(failure(DESIGN_EXAMPLE + "    tls: { cert: " + cert + ", key: " + key + ", ca: x }\n")
        .startsWith("groups[0].tls.ca: unknown key; allowed here: cert, key"));
  }

  @Test
  void shouldReadEveryOptionalKey() throws Exception {
    NodeConfig config = loader.loadNode(write(String.join("\n",
        "node: { name: node-1, http: '0.0.0.0:9000', admin-token: s3cret }",
        "cluster: { name: prod, port: 5801, members: ['[::1]:5801'] }",
        "groups:",
        "  - name: sessions",
        "    listen: 0.0.0.0:7000",
        "    backends: [10.0.0.1:6379, 10.0.0.2:6379, 10.0.0.3:6379]",
        "    read-policy: least-lag",
        "    consistency: read-your-writes",
        "    durability: replica-ack:2",
        "    requirepass: pw",
        "    masterauth: pw2",
        "    min-replicas-to-write: 2",
        "    min-replicas-max-lag: 5s",
        "    hold-writes: 0ms",
        "  - name: queue",
        "    listen: 0.0.0.0:7001",
        "    backends: [10.0.0.4:6379]",
        "")));

    assertEquals("s3cret", config.node().adminToken().orElseThrow().value());
    assertFalse(config.node().toString().contains("s3cret"), "secrets stay out of logs");
    assertEquals(new HostPort("::1", 5801), config.cluster().members().get(0));
    GroupConfig sessions = config.groups().get(0);
    assertEquals(ReadPolicy.LEAST_LAG, sessions.readPolicy());
    assertEquals(Consistency.READ_YOUR_WRITES, sessions.consistency());
    assertEquals(Durability.replicaAck(2), sessions.durability());
    assertEquals("pw", sessions.requirepass().orElseThrow().value());
    assertEquals(2, sessions.minReplicasToWrite());
    assertEquals(Duration.ofSeconds(5), sessions.minReplicasMaxLag());
    assertEquals(Duration.ZERO, sessions.holdWrites());
    assertEquals(1, config.groups().get(1).quorum());
    assertEquals(0, config.groups().get(1).minReplicasToWrite(), "no replicas to wait for");
  }

  @Test
  void shouldNameTheKeyPathBadValueAndAllowedValuesForABadEnum() throws Exception {
    assertEquals("groups[0].read-policy: 'fastest' is not one of master, prefer-replica, replica, any, least-lag",
        failureWith("read-policy: prefer-replica", "read-policy: fastest"));
    assertEquals("groups[0].consistency: 'strong' is not one of eventual, read-your-writes",
        failureWith("consistency: eventual", "consistency: strong"));
  }

  @Test
  void shouldRejectABadDuration() throws Exception {
    assertEquals("groups[0].down-after: 'soon' is not a duration"
            + " (a whole number with a unit: ms, s, m, h; e.g. 200ms, 1s, 2m)",
        failureWith("down-after: 200ms", "down-after: soon"));
    assertTrue(failureWith("hold-writes: 2s", "hold-writes: 2")
        .startsWith("groups[0].hold-writes: '2' is not a duration"), "a unit is required");
    assertEquals("groups[0].down-after: '0ms' is too short (must be more than 0ms)",
        failureWith("down-after: 200ms", "down-after: 0ms"));
  }

  @Test
  void shouldRejectABadDurability() throws Exception {
    assertEquals("groups[0].durability: 'sync' is not one of async, replica-ack:N (N >= 1)",
        failureWith("durability: async", "durability: sync"));
    assertEquals("groups[0].durability: 'replica-ack:3' needs 3 replicas but the group has 2"
            + " (backends besides the master)",
        failureWith("durability: async", "durability: replica-ack:3"));
  }

  @Test
  void shouldRejectAnUnknownKeyAndListTheAllowedOnes() throws Exception {
    String message = failureWith("quorum: 2", "quorom: 2");
    assertTrue(message.startsWith("groups[0].quorom: unknown key; allowed here: "), message);
    assertTrue(message.contains("quorum"), message);
    assertTrue(failure(DESIGN_EXAMPLE + "nodes: []\n").startsWith("nodes: unknown key; allowed here: "
        + "cluster, groups, node"));
  }

  @Test
  void shouldRejectAMissingRequiredKey() throws Exception {
    assertEquals("groups[0].listen: missing required key (host:port, e.g. 127.0.0.1:6379)",
        failureWith("    listen: 127.0.0.1:6379\n", ""));
    assertEquals("node: missing required key (a mapping with name and http)",
        failureWith("node:    { name: a, http: 127.0.0.1:8379 }\n", ""));
    assertEquals("node.name: missing required key (letters, digits, '.', '_', '-')",
        failureWith("{ name: a, http", "{ http"));
    assertEquals("groups: at least one group is required",
        failure(DESIGN_EXAMPLE.substring(0, DESIGN_EXAMPLE.indexOf("groups:")) + "groups: []\n"));
  }

  @Test
  void shouldRejectMalformedYamlWithTheLineNumber() throws Exception {
    String message = failureWith("    quorum: 2", "    quorum: 2: 3");
    assertTrue(message.startsWith("line 8, column "), message);
    assertTrue(message.contains("malformed YAML"), message);
  }

  @Test
  void shouldRejectADuplicateKeyWithTheLineNumber() throws Exception {
    String message = failureWith("    quorum: 2", "    quorum: 2\n    quorum: 3");
    assertTrue(message.startsWith("line 9, column "), message);
    assertTrue(message.endsWith("duplicate key 'quorum'"), message);
  }

  @Test
  void shouldRejectAMissingOrEmptyFile() throws Exception {
    Path missing = dir.resolve("nope.yaml");
    ConfigException e = assertThrows(ConfigException.class, () -> loader.loadNode(missing));
    assertEquals(missing + ": file not found", e.getMessage());
    assertEquals("file is empty", failure("   \n"));
    assertEquals("file holds no settings", failure("---\n"));
  }

  @Test
  void shouldRejectValuesOfTheWrongShape() throws Exception {
    assertEquals("groups[0].quorum: 'two' is not a whole number", failureWith("quorum: 2", "quorum: two"));
    assertTrue(failureWith("quorum: 2", "quorum: 2.5").startsWith("groups[0].quorum: "));
    assertEquals("groups[0].listen: expected host:port (e.g. 127.0.0.1:6379), not a list",
        failureWith("listen: 127.0.0.1:6379", "listen: [127.0.0.1:6379]"));
    assertEquals("groups: expected a list",
        failure(DESIGN_EXAMPLE.substring(0, DESIGN_EXAMPLE.indexOf("groups:")) + "groups: { a: 1 }\n"));
    assertEquals("expected a mapping of keys to values", failure("just text\n"));
  }

  @Test
  void shouldRejectAddressesThatAreNotHostPort() throws Exception {
    assertEquals("groups[0].backends[1]: '127.0.0.1' is not host:port (e.g. 127.0.0.1:6379)",
        failureWith("127.0.0.1:6381,", "127.0.0.1,"));
    assertEquals("groups[0].listen: '127.0.0.1:70000' has a bad port: '70000' is not a port number (1..65535)",
        failureWith("listen: 127.0.0.1:6379", "listen: 127.0.0.1:70000"));
    assertEquals("cluster.port: '0' is not a port number (1..65535)",
        failureWith("port: 5701", "port: 0"));
  }

  @Test
  void shouldRejectAQuorumOutsideTheClusterSize() throws Exception {
    assertEquals("groups[0].quorum: '4' is not between 1 and 3 (the number of cluster members)",
        failureWith("quorum: 2", "quorum: 4"));
    assertEquals("groups[0].quorum: '0' is not between 1 and 3 (the number of cluster members)",
        failureWith("quorum: 2", "quorum: 0"));
  }

  @Test
  void shouldRejectEmbeddedBackendsOutsideTheGroup() throws Exception {
    assertEquals("groups[0].embedded[0]: '127.0.0.1:6390' is not one of this group's backends"
            + " (127.0.0.1:6380, 127.0.0.1:6381, 127.0.0.1:6382)",
        failureWith("embedded: [127.0.0.1:6380]", "embedded: [127.0.0.1:6390]"));
  }

  @Test
  void shouldRejectDuplicateGroupNamesAndPorts() throws Exception {
    String second = String.join("\n",
        "  - name: other",
        "    listen: 127.0.0.1:6390",
        "    backends: [127.0.0.1:6391]",
        "");
    assertEquals("groups[1].name: 'mymaster' is already the name of groups[0]",
        failure(DESIGN_EXAMPLE + second.replace("other", "mymaster")));
    assertEquals("groups[1].listen: port 6379 is already used by groups[0].listen",
        failure(DESIGN_EXAMPLE + second.replace("6390", "6379")));
    assertEquals("groups[1].backends[0]: '127.0.0.1:6380' is already a backend of groups[0]",
        failure(DESIGN_EXAMPLE + second.replace("6391", "6380")));
    assertEquals("groups[0].listen: port 8379 is already used by node.http",
        failureWith("listen: 127.0.0.1:6379", "listen: 127.0.0.1:8379"));
    assertEquals("groups[0].backends[1]: '127.0.0.1:6380' is listed twice (also at [0])",
        failureWith("127.0.0.1:6381,", "127.0.0.1:6380,"));
  }

  @Test
  void shouldRejectNamesThatCannotBeMetricTags() throws Exception {
    assertEquals("groups[0].name: 'my master' is not a name (letters, digits, '.', '_', '-')",
        failureWith("name: mymaster", "name: my master"));
  }

  @Test
  void shouldReadABackendFileUnderRedisNames() throws Exception {
    Path file = dir.resolve("backend.yaml");
    Files.writeString(file, String.join("\n",
        "port: 6390",
        "appendonly: yes",
        "appendfsync: always",
        "save: '900 1 300 10'",
        "maxmemory: 100mb",
        "maxmemory-policy: allkeys-lru",
        "replica-priority: 10",
        "replicaof: 127.0.0.1:6379",
        "requirepass: pw",
        ""));
    BackendOverrides o = loader.loadBackend(file);
    assertEquals(6390, o.port());
    assertEquals(Boolean.TRUE, o.appendonly());
    assertEquals(AppendFsync.ALWAYS, o.appendfsync());
    assertEquals(SaveSchedule.parse("900 1 300 10"), o.save());
    assertEquals(100L * 1024 * 1024, o.maxmemory().bytes());
    assertEquals(MaxMemoryPolicy.ALLKEYS_LRU, o.maxmemoryPolicy());
    assertEquals(10, o.replicaPriority());
    assertEquals(new HostPort("127.0.0.1", 6379), o.replicaof());
    assertEquals(null, o.dir(), "keys left out stay unset");
  }

  @Test
  void shouldRejectBadBackendFileValues() throws Exception {
    Path file = dir.resolve("backend.yaml");
    Files.writeString(file, "port: 99999\n");
    assertEquals(file + ": port: '99999' is not a port number (1..65535)",
        assertThrows(ConfigException.class, () -> loader.loadBackend(file)).getMessage());
    Files.writeString(file, "dbfilename: data/dump.rdb\n");
    assertTrue(assertThrows(ConfigException.class, () -> loader.loadBackend(file)).getMessage()
        .startsWith(file + ": dbfilename: 'data/dump.rdb' is not a file name"));
    Files.writeString(file, "maxmemory-policy: allkeys-lfu\n");
    assertEquals(file + ": maxmemory-policy: 'allkeys-lfu' is not one of noeviction, allkeys-lru,"
            + " volatile-lru, allkeys-random, volatile-random, volatile-ttl",
        assertThrows(ConfigException.class, () -> loader.loadBackend(file)).getMessage());
    Files.writeString(file, "appendonly: maybe\n");
    assertEquals(file + ": appendonly: 'maybe' is not one of yes, no",
        assertThrows(ConfigException.class, () -> loader.loadBackend(file)).getMessage());
  }
}
