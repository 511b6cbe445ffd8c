package io.belay.backends.command;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** WATCHed keys and the clients watching them; a touch makes their next EXEC fail. */
final class Watches {

  private final Map<Client.WatchedKey, List<Client>> watchers = new HashMap<>();

  void watch(Client c, int db, byte[] key) {
    Client.WatchedKey k = Client.WatchedKey.of(db, key);
    if (c.watched.add(k)) {
      watchers.computeIfAbsent(k, x -> new ArrayList<>(2)).add(c);
    }
  }

  void unwatchAll(Client c) {
    for (Client.WatchedKey k : c.watched) {
      List<Client> list = watchers.get(k);
      if (list != null) {
        list.remove(c);
        if (list.isEmpty()) {
          watchers.remove(k);
        }
      }
    }
    c.watched.clear();
    c.dirtyCas = false;
  }

  void touch(int db, byte[] key) {
    if (watchers.isEmpty()) {
      return;
    }
    List<Client> list = watchers.get(Client.WatchedKey.of(db, key));
    if (list != null) {
      for (Client c : list) {
        c.dirtyCas = true;
      }
    }
  }

  /** FLUSHDB/FLUSHALL/SWAPDB: every watcher of database {@code db} (or all, for -1). */
  void touchDb(int db) {
    for (Map.Entry<Client.WatchedKey, List<Client>> e : watchers.entrySet()) {
      if (db < 0 || e.getKey().db() == db) {
        for (Client c : e.getValue()) {
          c.dirtyCas = true;
        }
      }
    }
  }

  int watchedKeys() {
    return watchers.size();
  }
}
