package io.belay.routing;

import io.belay.routing.RoutingDecision.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Classifies a pipeline batch: commands the client sent without waiting for replies. A batch
 * with any command bound to the master is pinned to the master as a whole, because its reads
 * may depend on its writes ({@code SET k v; GET k}) and a replica may not have them yet.
 *
 * <p>The session state is carried through the batch, so {@code MULTI; GET k; EXEC} queues the
 * GET like the proxy would one command at a time.
 */
public final class BatchClassifier {

  private static final RoutingDecision PINNED =
      new RoutingDecision.ToMaster(Reason.BATCH_WITH_WRITE);

  private final CommandClassifier classifier;

  public BatchClassifier(CommandClassifier classifier) {
    this.classifier = Objects.requireNonNull(classifier, "classifier");
  }

  public BatchPlan classify(List<CommandCall> batch, SessionState session) {
    Objects.requireNonNull(batch, "batch");
    SessionState state = Objects.requireNonNull(session, "session");
    List<RoutingDecision> decisions = new ArrayList<>(batch.size());
    boolean needsMaster = false;
    for (CommandCall call : batch) {
      RoutingDecision decision = classifier.classify(call.spec(), call.args(), state);
      decisions.add(decision);
      needsMaster |= decision.needsMaster();
      state = state.after(decision);
    }
    if (needsMaster) {
      for (int i = 0; i < decisions.size(); i++) {
        if (decisions.get(i).replicaEligible()) {
          decisions.set(i, PINNED);
        }
      }
    }
    return new BatchPlan(decisions, state);
  }
}
