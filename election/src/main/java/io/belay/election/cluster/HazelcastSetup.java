package io.belay.election.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MemberAttributeConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import com.hazelcast.spi.merge.PutIfAbsentMergePolicy;
import io.belay.election.ElectionConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;

/**
 * Builds the Hazelcast configuration of one node: TCP-IP join with the configured members and
 * nothing else (no multicast, no cloud auto-detection, no phone-home), heartbeats tuned so a
 * member that stops answering is dropped within about two seconds, and majority split-brain
 * protection on every map the election decides with.
 */
public final class HazelcastSetup {

  /** Group decisions: epoch, master, failover attempt. Key: group name. */
  public static final String GROUPS_MAP = "belay.groups";
  /** Subjective-down opinions. Key: {@code group/backend/member}. */
  public static final String OPINIONS_MAP = "belay.opinions";
  /** Settings operators changed at runtime (routing). Key: group name. */
  public static final String SETTINGS_MAP = "belay.settings";
  /** Operator requests (switchover, failover) forwarded to the leader. */
  public static final String REQUESTS_TOPIC = "belay.requests";
  /** Replies to forwarded requests. */
  public static final String REPLIES_TOPIC = "belay.replies";
  /** Member attribute holding the Belay node name. */
  public static final String NODE_ATTRIBUTE = "belay.node";

  private static final String MAJORITY = "belay-majority";

  private HazelcastSetup() {
  }

  /** The configuration for {@code config}'s node. May resolve host names: call off the loop. */
  public static Config build(ElectionConfig config) {
    Config c = new Config();
    c.setClusterName(config.clusterName());
    c.setInstanceName("belay-" + config.nodeName() + "-" + config.bindPort());
    String host = localHost(config);

    NetworkConfig network = c.getNetworkConfig();
    network.setPort(config.bindPort()).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).addInterface(host);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (!config.singleMemberMode()) {
      join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2)
          .setMembers(config.memberAddresses());
    }

    c.setProperty("hazelcast.local.localAddress", host);
    c.setProperty("hazelcast.socket.bind.any", "false");
    c.setProperty("hazelcast.phone.home.enabled", "false");
    c.setProperty("hazelcast.logging.type", "slf4j");
    // the launcher closes the election in order; Hazelcast's own hook would race it
    c.setProperty("hazelcast.shutdownhook.enabled", "false");
    // detect a dead member in about a second or two instead of a minute
    c.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    c.setProperty("hazelcast.max.no.heartbeat.seconds", "2");
    c.setProperty("hazelcast.wait.seconds.before.join", "0");
    c.setProperty("hazelcast.max.wait.seconds.before.join", "1");
    // heal a split within seconds; the larger side's entries win (see groupsMap)
    c.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
    c.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
    // an operation that cannot reach its partition owner should fail fast, not after 60 s
    c.setProperty("hazelcast.operation.call.timeout.millis", "5000");
    c.setProperty("hazelcast.graceful.shutdown.max.wait", "10");

    MemberAttributeConfig attributes = new MemberAttributeConfig();
    attributes.setAttribute(NODE_ATTRIBUTE, config.nodeName());
    c.setMemberAttributeConfig(attributes);

    String protection = null;
    // Hazelcast refuses a minimum cluster size below 2; one member is its own majority anyway
    if (config.majority() >= 2) {
      protection = MAJORITY;
      c.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(MAJORITY, true,
          config.majority()).setProtectOn(SplitBrainProtectionOn.READ_WRITE));
    }
    c.addMapConfig(groupsMap(config, protection));
    c.addMapConfig(opinionsMap(protection));
    c.addMapConfig(settingsMap(config, protection));
    return c;
  }

  /**
   * Every member keeps a copy of every group's state (backups up to Hazelcast's limit of 6), so
   * losing any minority loses no decision. After a split heals, the smaller side merges into the
   * larger one and only adds entries the larger side lacks: the minority never wrote decisions
   * (split-brain protection), so the larger side's states are the ones that count.
   */
  private static MapConfig groupsMap(ElectionConfig config, String protection) {
    MapConfig m = new MapConfig(GROUPS_MAP);
    m.setBackupCount(Math.min(6, Math.max(0, config.clusterSize() - 1)));
    m.setAsyncBackupCount(0);
    m.setReadBackupData(false);
    m.setMergePolicyConfig(new MergePolicyConfig(PutIfAbsentMergePolicy.class.getName(),
        MergePolicyConfig.DEFAULT_BATCH_SIZE));
    if (protection != null) {
      m.setSplitBrainProtectionName(protection);
    }
    return m;
  }

  /**
   * A copy on every member like the group states, so a node that joins later finds the
   * settings as long as one member kept running; the same merge rule, since the minority
   * could not change them.
   */
  private static MapConfig settingsMap(ElectionConfig config, String protection) {
    MapConfig m = groupsMap(config, protection);
    m.setName(SETTINGS_MAP);
    return m;
  }

  private static MapConfig opinionsMap(String protection) {
    MapConfig m = new MapConfig(OPINIONS_MAP);
    m.setBackupCount(1);
    if (protection != null) {
      m.setSplitBrainProtectionName(protection);
    }
    return m;
  }

  /**
   * The address this node binds: the configured member entry with this node's port whose host
   * is an address of this machine, or loopback in single-member mode.
   */
  public static String localHost(ElectionConfig config) {
    String fallback = null;
    for (String address : config.memberAddresses()) {
      int colon = address.lastIndexOf(':');
      String host = address.substring(0, colon);
      int port = Integer.parseInt(address.substring(colon + 1));
      if (port != config.bindPort()) {
        continue;
      }
      if (isLocal(host)) {
        return host;
      }
      fallback = fallback == null ? host : fallback;
    }
    if (fallback != null) {
      throw new IllegalArgumentException("member " + fallback + ":" + config.bindPort()
          + " is not an address of this machine");
    }
    if (!config.singleMemberMode()) {
      throw new IllegalArgumentException("no configured member address uses port "
          + config.bindPort());
    }
    return "127.0.0.1";
  }

  private static boolean isLocal(String host) {
    try {
      InetAddress a = InetAddress.getByName(host);
      return a.isLoopbackAddress() || a.isAnyLocalAddress()
          || NetworkInterface.getByInetAddress(a) != null;
    } catch (IOException e) {
      return false;
    }
  }
}
