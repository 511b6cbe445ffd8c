package io.belay.election.state;

import io.vertx.core.Future;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where groups' shared states live. The only way to change one is {@link #compareAndSet}, which
 * is what makes an epoch claim exclusive: of two leaders that read the same state and claim the
 * next epoch, exactly one succeeds.
 *
 * <p>Contract: methods never block the caller and complete on the caller's context; an
 * implementation must refuse every read and write while its node is not in the majority.
 */
public interface GroupStateStore {

  Future<Optional<GroupState>> get(String group);

  /**
   * Installs {@code next} if the stored state is still {@code expected} (or absent, when
   * {@code expected} is null); completes with whether it did.
   */
  Future<Boolean> compareAndSet(GroupState expected, GroupState next);

  /** Tells {@code listener}, on the caller's context, about every stored change. */
  Future<Void> listen(Consumer<GroupState> listener);
}
