package io.belay.backends.command;

import io.belay.protocol.RespWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One connection's state inside a backend: selected database, protocol version, name,
 * authentication, its transaction, subscriptions and the replies it has not sent yet.
 */
public final class Client {

  /** CLIENT REPLY modes. */
  public enum ReplyMode { ON, OFF, SKIP }

  private final long id;
  private final ClientTransport transport;
  private final long createdAt;
  public final RespWriter out = new RespWriter(4096);

  int db;
  String name;
  boolean authenticated;
  long lastInteraction;
  String lastCommand = "NULL";
  ReplyMode replyMode = ReplyMode.ON;
  boolean closeAfterReply;
  /** Set for the link a replica's master talks to us over: its writes bypass READONLY. */
  boolean master;
  boolean noEvict;

  /** Commands queued between MULTI and EXEC; null outside a transaction. */
  List<byte[][]> queued;
  /** A queued command was rejected, so EXEC must abort. */
  boolean multiError;
  /** Keys this client WATCHes, as "db:key" entries kept by the engine's watch table. */
  final Set<WatchedKey> watched = new HashSet<>();
  /** A WATCHed key changed: the next EXEC fails. */
  boolean dirtyCas;

  final Set<String> channels = new HashSet<>();
  final Set<String> patterns = new HashSet<>();

  /** True while EXEC runs this client's queue: blocking commands must not block. */
  boolean inExec;

  /** Non-null while blocked in BLPOP and friends. */
  Object blocked;

  /** Replaces the command to propagate, when the one executed must be rewritten. */
  List<byte[][]> propagateAs;

  public Client(long id, ClientTransport transport, long now) {
    this.id = id;
    this.transport = transport;
    this.createdAt = now;
    this.lastInteraction = now;
  }

  public long id() {
    return id;
  }

  public ClientTransport transport() {
    return transport;
  }

  public long createdAt() {
    return createdAt;
  }

  public int dbIndex() {
    return db;
  }

  public void selectDb(int db) {
    this.db = db;
  }

  public String name() {
    return name;
  }

  public boolean isAuthenticated() {
    return authenticated;
  }

  public void setAuthenticated(boolean authenticated) {
    this.authenticated = authenticated;
  }

  public boolean isMaster() {
    return master;
  }

  public void setMaster(boolean master) {
    this.master = master;
  }

  public boolean inMulti() {
    return queued != null;
  }

  public boolean isSubscriber() {
    return !channels.isEmpty() || !patterns.isEmpty();
  }

  public int subscriptionCount() {
    return channels.size() + patterns.size();
  }

  /** Inside EXEC, a blocking command answers at once as if its timeout had passed. */
  public boolean mayBlock() {
    return !inExec;
  }

  public boolean isBlocked() {
    return blocked != null;
  }

  public ReplyMode replyMode() {
    return replyMode;
  }

  /** Back to replying after a CLIENT REPLY SKIP has skipped its one command. */
  public void setReplyOn() {
    replyMode = ReplyMode.ON;
  }

  public void closeAfterReply() {
    closeAfterReply = true;
  }

  public boolean closing() {
    return closeAfterReply;
  }

  public int protocol() {
    return out.protocol();
  }

  /** Propagates {@code args} to replicas and the AOF instead of (or besides) the command itself. */
  public void propagate(byte[]... args) {
    if (propagateAs == null) {
      propagateAs = new ArrayList<>(2);
    }
    propagateAs.add(args);
  }

  /** A key watched by a client, in one database. */
  public record WatchedKey(int db, java.nio.ByteBuffer key) {
    public static WatchedKey of(int db, byte[] key) {
      return new WatchedKey(db, java.nio.ByteBuffer.wrap(key));
    }
  }
}
