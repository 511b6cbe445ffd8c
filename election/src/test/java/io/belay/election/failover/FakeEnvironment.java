package io.belay.election.failover;

import io.belay.election.ElectionEvent;
import io.belay.election.EventType;
import io.belay.election.GroupSpec;
import io.belay.election.cluster.Leadership;
import io.belay.election.control.BackendControl;
import io.belay.election.probe.Observation;
import io.belay.election.probe.ProbeResult;
import io.belay.election.state.GroupStateStore;
import io.belay.election.state.InMemoryStateStore;
import io.belay.routing.BackendRef;
import io.belay.routing.BackendRole;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** A failover's world in memory: three fake backends, a store, and a settable leadership. */
final class FakeEnvironment implements FailoverEnvironment, Leadership {

  static final BackendRef A = new BackendRef("a", "127.0.0.1", 7001);
  static final BackendRef B = new BackendRef("b", "127.0.0.1", 7002);
  static final BackendRef C = new BackendRef("c", "127.0.0.1", 7003);

  final Vertx vertx;
  GroupSpec spec = GroupSpec.of("g", List.of(A, B, C), 1)
      .withDownAfter(Duration.ofMillis(200))
      .withFailoverTimeout(Duration.ofMillis(500));
  final InMemoryStateStore store = new InMemoryStateStore();
  final Map<BackendRef, FakeBackend> backends = new LinkedHashMap<>();
  final Map<BackendRef, Boolean> down = new LinkedHashMap<>();
  final Map<BackendRef, Integer> priority = new LinkedHashMap<>();
  final List<ElectionEvent> events = new CopyOnWriteArrayList<>();
  final Set<String> members = new HashSet<>(Set.of("me"));
  boolean leading = true;
  boolean majorityAnswers = true;
  long lastLoss;
  long known = -1;

  FakeEnvironment(Vertx vertx) {
    this.vertx = vertx;
    backends.put(A, new FakeBackend(A, BackendRole.MASTER, 1000));
    backends.put(B, new FakeBackend(B, BackendRole.REPLICA, 900));
    backends.put(C, new FakeBackend(C, BackendRole.REPLICA, 950));
    backends.get(B).master = A;
    backends.get(C).master = A;
  }

  FakeBackend backend(BackendRef b) {
    return backends.get(b);
  }

  List<EventType> types() {
    return events.stream().map(ElectionEvent::type).toList();
  }

  @Override
  public Vertx vertx() {
    return vertx;
  }

  @Override
  public GroupSpec spec() {
    return spec;
  }

  @Override
  public Leadership leadership() {
    return this;
  }

  @Override
  public GroupStateStore store() {
    return store;
  }

  @Override
  public BackendControl control(BackendRef backend) {
    return backends.get(backend);
  }

  /** What probes would say: the fake's role and offset, reachable unless marked down. */
  @Override
  public Observation observe(BackendRef b) {
    FakeBackend f = backends.get(b);
    long now = System.currentTimeMillis();
    boolean isDown = down.getOrDefault(b, false);
    ProbeResult seen = new ProbeResult(b, true, false, f.role,
        f.role == BackendRole.MASTER ? f.offset : -1,
        f.role == BackendRole.REPLICA ? f.offset : -1,
        f.master == null ? null : f.master.host(), f.master == null ? 0 : f.master.port(),
        true, -1, priority.getOrDefault(b, 100), "run-" + b.id(), f.fence, List.of(),
        now - (isDown ? 10_000 : 0));
    ProbeResult latest = isDown ? ProbeResult.unreachable(b, now) : seen;
    return new Observation(latest, seen, isDown, isDown ? now - 1_000 : 0);
  }

  @Override
  public long knownEpoch() {
    return known;
  }

  @Override
  public void emit(EventType type, String description, long epoch) {
    events.add(new ElectionEvent(type, spec.name(), description, epoch, Instant.now()));
  }

  @Override
  public io.vertx.core.Future<Boolean> confirmMajority() {
    return io.vertx.core.Future.succeededFuture(majorityAnswers);
  }

  @Override
  public boolean majority() {
    return leading;
  }

  @Override
  public boolean leading() {
    return leading;
  }

  @Override
  public String localId() {
    return "me";
  }

  @Override
  public String localName() {
    return "node-me";
  }

  @Override
  public boolean isMember(String memberId) {
    return members.contains(memberId);
  }

  @Override
  public long lastMemberLossMillis() {
    return lastLoss;
  }
}
