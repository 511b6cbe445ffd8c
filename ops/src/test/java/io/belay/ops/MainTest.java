package io.belay.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.belay.ops.config.AppendFsync;
import io.belay.ops.config.BackendSettings;
import io.belay.ops.config.ByteSize;
import io.belay.ops.config.EmbeddedSettings;
import io.belay.ops.config.HostPort;
import io.belay.ops.config.MaxMemoryPolicy;
import io.belay.ops.config.SavePoint;
import io.belay.ops.config.SaveSchedule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

  @TempDir
  Path dir;

  private final RecordingLauncher launcher = new RecordingLauncher();

  @Test
  void shouldListTheThreeModesOneLineEachInTopLevelHelp() {
    Run run = Run.of(launcher, "--help");

    assertEquals(ExitCodes.OK, run.exitCode());
    assertTrue(run.out().contains(String.join(System.lineSeparator(),
        "Modes:",
        "  (default)  A master, two replicas, a proxy and ops HTTP in one process.",
        "  backend    One standalone embedded backend, a drop-in for redis-server.",
        "  node       One production node, configured by a YAML file (--config).",
        "")), run.out());
    assertTrue(run.out().startsWith("Usage: belay [OPTIONS] [MODE]"), run.out());
    assertEquals("", run.err());
    assertNull(launcher.embedded, "help starts nothing");
  }

  @Test
  void shouldDescribeEveryFlagOfEveryMode() {
    assertDescribes(Run.of(launcher, "--help"), "--port", "--backend-ports", "--http-port", "--data-dir");
    assertDescribes(Run.of(launcher, "backend", "--help"), "--config", "--port", "--bind", "--dir",
        "--dbfilename", "--appendonly", "--appendfilename", "--appendfsync", "--save", "--pidfile",
        "--logfile", "--replicaof", "--requirepass", "--masterauth", "--maxmemory", "--maxmemory-policy",
        "--replica-priority");
    assertDescribes(Run.of(launcher, "node", "--help"), "--config");
  }

  private static void assertDescribes(Run help, String... flags) {
    assertEquals(ExitCodes.OK, help.exitCode());
    for (String flag : flags) {
      assertTrue(help.out().contains("  " + flag + "="), () -> flag + " missing from\n" + help.out());
    }
    assertTrue(help.out().contains("Exit codes:"), help.out());
  }

  @Test
  void shouldPrintTheVersion() {
    Run run = Run.of(launcher, "--version");
    assertEquals(ExitCodes.OK, run.exitCode());
    assertTrue(run.out().startsWith("belay "), run.out());
  }

  @Test
  void shouldRunTheEmbeddedModeWithDefaultsWhenNoModeIsNamed() {
    Run run = Run.of(launcher);

    assertEquals(ExitCodes.OK, run.exitCode());
    assertEquals(new EmbeddedSettings(6379, List.of(6380, 6381, 6382), 8379, Path.of("./data")),
        launcher.embedded);
  }

  @Test
  void shouldParseEmbeddedFlags() {
    Run.of(launcher, "--port", "7000", "--backend-ports=7001,7002", "--http-port", "9000", "--data-dir", "/tmp/b");

    assertEquals(new EmbeddedSettings(7000, List.of(7001, 7002), 9000, Path.of("/tmp/b")), launcher.embedded);
  }

  @Test
  void shouldRefuseEmbeddedPortsThatCollide() {
    Run run = Run.of(launcher, "--backend-ports", "6380,6379");

    assertEquals(ExitCodes.USAGE, run.exitCode());
    assertEquals("belay: Invalid value for option '--backend-ports': port 6379 is already used by --port",
        run.errLine());
    assertNull(launcher.embedded);
  }

  @Test
  void shouldUseRedisDefaultsForABackend() {
    Run run = Run.of(launcher, "backend");

    assertEquals(ExitCodes.OK, run.exitCode());
    assertEquals(BackendSettings.DEFAULTS, launcher.backend);
    assertEquals(SaveSchedule.REDIS_DEFAULT, launcher.backend.save());
    assertEquals(Path.of("./dump.rdb"), launcher.backend.rdbPath());
  }

  @Test
  void shouldParseEveryBackendFlagWithItsUnits() {
    Run run = Run.of(launcher, "backend", "--port", "6390", "--bind", "0.0.0.0", "--dir", "/var/lib/b",
        "--dbfilename", "b.rdb", "--appendonly", "yes", "--appendfilename", "b.aof", "--appendfsync", "always",
        "--save", "900 1", "--save", "300", "10", "--pidfile", "/run/b.pid", "--replicaof", "10.0.0.1", "6379",
        "--requirepass", "pw", "--masterauth", "mpw", "--maxmemory", "1gb", "--maxmemory-policy", "allkeys-lru",
        "--replica-priority", "0");

    assertEquals(ExitCodes.OK, run.exitCode(), run.err());
    BackendSettings s = launcher.backend;
    assertEquals(6390, s.port());
    assertEquals("0.0.0.0", s.bind());
    assertEquals(Path.of("/var/lib/b/b.rdb"), s.rdbPath());
    assertTrue(s.appendOnly());
    assertEquals(Path.of("/var/lib/b/b.aof"), s.aofPath());
    assertEquals(AppendFsync.ALWAYS, s.appendFsync());
    assertEquals(List.of(new SavePoint(900, 1), new SavePoint(300, 10)), s.save().points());
    assertEquals(Optional.of(Path.of("/run/b.pid")), s.pidFile());
    assertEquals(Optional.of(new HostPort("10.0.0.1", 6379)), s.replicaOf());
    assertEquals("pw", s.requirePass().orElseThrow().value());
    assertEquals("mpw", s.masterAuth().orElseThrow().value());
    assertEquals(new ByteSize(1024L * 1024 * 1024), s.maxMemory());
    assertEquals(MaxMemoryPolicy.ALLKEYS_LRU, s.maxMemoryPolicy());
    assertEquals(0, s.replicaPriority());
  }

  @Test
  void shouldDisableSnapshotsWithAnEmptySave() {
    Run.of(launcher, "backend", "--save", "");
    assertEquals(SaveSchedule.DISABLED, launcher.backend.save());
  }

  @Test
  void shouldAcceptReplicaofAsOneWord() {
    Run.of(launcher, "backend", "--replicaof", "10.0.0.1 6379");
    assertEquals(Optional.of(new HostPort("10.0.0.1", 6379)), launcher.backend.replicaOf());
    Run.of(launcher, "backend", "--replicaof", "10.0.0.2:6380");
    assertEquals(Optional.of(new HostPort("10.0.0.2", 6380)), launcher.backend.replicaOf());
  }

  @Test
  void shouldLetFlagsOverrideTheBackendConfigFile() throws Exception {
    Path file = dir.resolve("backend.yaml");
    Files.writeString(file, "port: 6390\nmaxmemory: 10mb\nappendonly: yes\n");

    Run run = Run.of(launcher, "backend", "--config", file.toString(), "--port", "6391");

    assertEquals(ExitCodes.OK, run.exitCode(), run.err());
    assertEquals(6391, launcher.backend.port(), "the flag wins");
    assertEquals(10L * 1024 * 1024, launcher.backend.maxMemory().bytes(), "the file fills what flags leave");
    assertTrue(launcher.backend.appendOnly());
    assertEquals(BackendSettings.DEFAULT_BIND, launcher.backend.bind(), "defaults fill the rest");
  }

  @Test
  void shouldReportABadBackendConfigFileOnOneLine() throws Exception {
    Path file = dir.resolve("backend.yaml");
    Files.writeString(file, "prot: 6390\n");

    Run run = Run.of(launcher, "backend", "--config", file.toString());

    assertEquals(ExitCodes.USAGE, run.exitCode());
    assertTrue(run.errLine().startsWith("belay backend: " + file + ": prot: unknown key; allowed here: "),
        run.err());
    assertNull(launcher.backend);
  }

  @Test
  void shouldNameTheFlagTheValueAndWhatIsAllowedForABadValue() {
    assertBadInput("belay backend: Invalid value for option '--maxmemory': '100xb' is not a size"
        + " (bytes, or a whole number with a unit: k, kb, m, mb, g, gb; e.g. 100mb)",
        "backend", "--maxmemory", "100xb");
    assertBadInput("belay backend: Invalid value for option '--port': '70000' is not a port number (1..65535)",
        "backend", "--port", "70000");
    assertBadInput("belay backend: Invalid value for option '--appendfsync': 'sometimes' is not one of"
        + " always, everysec, no", "backend", "--appendfsync", "sometimes");
    assertBadInput("belay backend: Invalid value for option '--maxmemory-policy': 'allkeys-lfu' is not one of"
        + " noeviction, allkeys-lru, volatile-lru, allkeys-random, volatile-random, volatile-ttl",
        "backend", "--maxmemory-policy", "allkeys-lfu");
    assertBadInput("belay backend: Invalid value for option '--appendonly': 'maybe' is not one of yes, no",
        "backend", "--appendonly", "maybe");
    assertBadInput("belay backend: Invalid value for option '--replica-priority': '-1' is not a whole number >= 0",
        "backend", "--replica-priority", "-1");
    assertBadInput("belay backend: Invalid value for option '--replicaof': 'x' is not a port number (1..65535)",
        "backend", "--replicaof", "10.0.0.1", "x");
    assertBadInput("belay backend: Invalid value for option '--replicaof': '10.0.0.1' is not HOST PORT"
        + " (e.g. 127.0.0.1 6379)", "backend", "--replicaof", "10.0.0.1");
    assertBadInput("belay backend: Invalid value for option '--save': '900' is not a save schedule"
        + " (pairs of \"seconds changes\" >= 1, e.g. \"3600 1 300 100\"; \"\" disables snapshots)",
        "backend", "--save", "900");
    assertTrue(assertBadInput(null, "backend", "--dbfilename", "data/dump.rdb")
        .startsWith("belay backend: Invalid value for option '--dbfilename': 'data/dump.rdb' is not a file name"));
    assertBadInput("belay: Invalid value for option '--http-port': 'web' is not a port number (1..65535)",
        "--http-port", "web");
  }

  @Test
  void shouldNameAnUnknownFlagOrMode() {
    assertBadInput("belay backend: Unknown option: '--prot' (see 'belay backend --help')",
        "backend", "--prot", "1");
    assertBadInput("belay: Unexpected argument: 'bakend'; did you mean backend? (see 'belay --help')", "bakend");
    assertBadInput("belay backend: Missing required parameter for option '--appendonly' (yes|no)",
        "backend", "--appendonly");
  }

  @Test
  void shouldRequireAConfigFileInNodeMode() {
    assertBadInput("belay node: Missing required option: '--config=FILE'", "node");
    assertBadInput("belay node: " + dir.resolve("none.yaml") + ": file not found",
        "node", "--config", dir.resolve("none.yaml").toString());
  }

  @Test
  void shouldStartANodeFromAValidFile() throws Exception {
    Path file = dir.resolve("belay.yaml");
    Files.writeString(file, String.join("\n",
        "node: { name: a }",
        "cluster: { members: [127.0.0.1:5701] }",
        "groups: [ { name: g, listen: 127.0.0.1:6379, backends: [127.0.0.1:6380] } ]",
        ""));

    Run run = Run.of(launcher, "node", "--config", file.toString());

    assertEquals(ExitCodes.OK, run.exitCode(), run.err());
    assertEquals("g", launcher.node.groups().get(0).name());
  }

  @Test
  void shouldReportABadNodeFileOnOneLine() throws Exception {
    Path file = dir.resolve("belay.yaml");
    Files.writeString(file, String.join("\n",
        "node: { name: a }",
        "cluster: { members: [127.0.0.1:5701] }",
        "groups: [ { name: g, listen: 127.0.0.1:6379, backends: [127.0.0.1:6380], read-policy: fastest } ]",
        ""));

    assertBadInput("belay node: " + file + ": groups[0].read-policy: 'fastest' is not one of master,"
        + " prefer-replica, replica, any, least-lag", "node", "--config", file.toString());
    assertNull(launcher.node);
  }

  @Test
  void shouldRefuseEveryModeWhileNotWiredWithExitCode3() {
    Run embedded = Run.unwired();
    assertEquals(UnavailableLauncher.UNAVAILABLE, embedded.exitCode());
    assertEquals("belay (embedded mode): not available yet in this build", embedded.errLine());

    Run backend = Run.unwired("backend", "--port", "6390");
    assertEquals(UnavailableLauncher.UNAVAILABLE, backend.exitCode());
    assertEquals("belay backend: not available yet in this build", backend.errLine());
    assertEquals("", backend.out(), "nothing pretends to have started");
  }

  @Test
  void shouldRefuseNodeModeWhileNotWiredOnlyAfterCheckingTheFile() throws Exception {
    Path file = dir.resolve("belay.yaml");
    Files.writeString(file, "node: { name: a }\ncluster: { members: [127.0.0.1:5701] }\n"
        + "groups: [ { name: g, listen: 127.0.0.1:6379, backends: [127.0.0.1:6380] } ]\n");

    Run run = Run.unwired("node", "--config", file.toString());

    assertEquals(UnavailableLauncher.UNAVAILABLE, run.exitCode());
    assertEquals("belay node: not available yet in this build", run.errLine());
  }

  /** Asserts exit code 2, nothing started, one line on stderr (equal to expected unless null); returns it. */
  private String assertBadInput(String expected, String... args) {
    RecordingLauncher fresh = new RecordingLauncher();
    Run run = Run.of(fresh, args);
    assertEquals(ExitCodes.USAGE, run.exitCode(), () -> String.join(" ", args) + ": " + run.err());
    if (expected != null) {
      assertEquals(expected, run.errLine());
    }
    assertNull(fresh.backend);
    assertNull(fresh.embedded);
    assertNull(fresh.node);
    assertEquals("", run.out());
    return run.errLine();
  }
}
