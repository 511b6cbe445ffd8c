package io.belay.election.command;

import com.hazelcast.topic.ITopic;
import io.belay.election.cluster.HazelcastCalls;
import io.belay.election.cluster.Leadership;
import io.belay.election.state.FailoverKind;
import io.belay.election.async.Deadline;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Carries an operator's switchover or forced failover from whichever node received it to the
 * leader, the only node that runs attempts, over two Hazelcast topics: requests, and replies
 * matched by request id. Only the leader answers; a request nobody answers times out.
 */
public final class RequestChannel {

  /** Runs a request on the leader. */
  @FunctionalInterface
  public interface Handler {
    Future<Void> handle(String group, FailoverKind kind);
  }

  private final Context context;
  private final Vertx vertx;
  private final HazelcastCalls calls;
  private final ITopic<String> requests;
  private final ITopic<String> replies;
  private final Leadership leadership;
  private final Handler handler;
  private final Map<String, Promise<Void>> pending = new HashMap<>();

  public RequestChannel(Context context, HazelcastCalls calls, ITopic<String> requests,
      ITopic<String> replies, Leadership leadership, Handler handler) {
    this.context = context;
    this.vertx = context.owner();
    this.calls = calls;
    this.requests = requests;
    this.replies = replies;
    this.leadership = leadership;
    this.handler = handler;
  }

  public Future<Void> start() {
    return calls.call(() -> {
      requests.addMessageListener(m -> {
        JsonObject msg = new JsonObject(m.getMessageObject());
        context.runOnContext(v -> onRequest(msg));
      });
      replies.addMessageListener(m -> {
        JsonObject msg = new JsonObject(m.getMessageObject());
        context.runOnContext(v -> onReply(msg));
      });
      return null;
    });
  }

  /** Runs the request here if this node leads, else asks the leader. Call on the context. */
  public Future<Void> send(String group, FailoverKind kind, long timeoutMillis) {
    if (leadership.leading()) {
      return handler.handle(group, kind);
    }
    if (!leadership.majority()) {
      return Future.failedFuture("NOTLEADER this node is not in the majority");
    }
    String id = UUID.randomUUID().toString();
    Promise<Void> reply = Promise.promise();
    pending.put(id, reply);
    String msg = new JsonObject().put("id", id).put("group", group).put("kind", kind.name())
        .put("from", leadership.localName()).encode();
    calls.call(() -> {
      requests.publish(msg);
      return null;
    }).onFailure(reply::tryFail);
    return Deadline.within(vertx, reply.future(), timeoutMillis,
            "NOTLEADER no leader answered within " + timeoutMillis + " ms")
        .andThen(ar -> pending.remove(id));
  }

  private void onRequest(JsonObject msg) {
    if (!leadership.leading()) {
      return;
    }
    String id = msg.getString("id");
    handler.handle(msg.getString("group"), FailoverKind.valueOf(msg.getString("kind")))
        .onComplete(ar -> {
          JsonObject answer = new JsonObject().put("id", id).put("ok", ar.succeeded());
          if (ar.failed()) {
            answer.put("error", String.valueOf(ar.cause().getMessage()));
          }
          calls.call(() -> {
            replies.publish(answer.encode());
            return null;
          });
        });
  }

  private void onReply(JsonObject msg) {
    Promise<Void> p = pending.remove(msg.getString("id"));
    if (p == null) {
      return;
    }
    if (msg.getBoolean("ok", false)) {
      p.tryComplete();
    } else {
      p.tryFail(msg.getString("error", "ERR the leader refused"));
    }
  }
}
