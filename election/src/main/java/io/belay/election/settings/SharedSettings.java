package io.belay.election.settings;

import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The settings operators changed for one group, as every node of the cluster should apply them.
 * Only what was changed is here, under its configuration name (e.g. {@code read-policy} ⇒
 * {@code least-lag}); a setting nobody changed keeps the value of each node's configuration file.
 * The election does not interpret the values: the module that owns a setting does.
 *
 * <p>{@link #version()} grows by one with every change, decided by compare-and-set in the shared
 * map, so every node orders changes alike and can drop one older than what it applied.
 *
 * @param group     the group name
 * @param version   0 before any change, then 1, 2, ...
 * @param values    changed settings by configuration name
 * @param changedBy the node that made the latest change, or empty before any
 */
public record SharedSettings(String group, long version, SortedMap<String, String> values,
    String changedBy) {

  public SharedSettings {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(changedBy, "changedBy");
    if (version < 0) {
      throw new IllegalArgumentException("version must not be negative: " + version);
    }
    values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
    if (version == 0 && !values.isEmpty()) {
      throw new IllegalArgumentException("version 0 has no changes");
    }
  }

  /** A group nobody changed yet: every node uses its configuration file. */
  public static SharedSettings initial(String group) {
    return new SharedSettings(group, 0, new TreeMap<>(), "");
  }

  /** The next version: {@code change} laid over these values, by {@code node}. */
  public SharedSettings with(Map<String, String> change, String node) {
    if (change.isEmpty()) {
      throw new IllegalArgumentException("nothing to change");
    }
    SortedMap<String, String> next = new TreeMap<>(values);
    change.forEach((k, v) -> next.put(Objects.requireNonNull(k, "name"),
        Objects.requireNonNull(v, "value of " + k)));
    return new SharedSettings(group, version + 1, next, node);
  }

  /** Whether this is a later version of the same group's settings than {@code other}. */
  public boolean newerThan(SharedSettings other) {
    if (!group.equals(other.group)) {
      throw new IllegalArgumentException("settings of different groups: " + group + ", " + other.group);
    }
    return version > other.version;
  }

  /** Canonical JSON (sorted keys), so that the same settings always encode alike. */
  public String encode() {
    JsonObject v = new JsonObject();
    values.forEach(v::put);
    return new JsonObject().put("group", group).put("version", version).put("values", v)
        .put("changedBy", changedBy).encode();
  }

  public static SharedSettings decode(String json) {
    JsonObject o = new JsonObject(json);
    SortedMap<String, String> values = new TreeMap<>();
    JsonObject v = o.getJsonObject("values", new JsonObject());
    for (String name : v.fieldNames()) {
      values.put(name, v.getString(name));
    }
    return new SharedSettings(o.getString("group"), o.getLong("version"), values,
        o.getString("changedBy", ""));
  }
}
