#!/usr/bin/env bash
# Failover time after kill -9 of the master: Belay (three `belay node`s, three `belay backend`s,
# down-after 200ms, a client on one proxy address) beside Redis Sentinel (three redis-servers,
# three redis-sentinels, down-after-milliseconds 200, failover-timeout 2000, a client that asks
# SENTINEL GET-MASTER-ADDR-BY-NAME after every error), measured one after the other on this
# machine. The time of a run is from the kill to the first write accepted by a master; each run
# restarts the killed server and waits until it follows the new master before the next one.
# Prints a Markdown table (median, worst, best, every run) and where Belay's time went.
#
#   bench/failover-vs-sentinel.sh [runs]        (default 10)
#
# The client and the orchestration are io.belay.it.bench.FailoverVsSentinel (integration-tests
# test sources), run with the test classpath; process logs stay in the printed work directory.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-10}"
work="$(mktemp -d /tmp/belay-failover-bench.XXXXXX)"
cd "$root"

# Sentinel runs as redis-sentinel, or as redis-server --sentinel (the same binary) without it
command -v redis-server >/dev/null || { echo "redis-server is needed (Debian: redis-server)" >&2; exit 2; }

. "$root/bench/test-classpath.sh" "$work"

echo "work directory: $work (process logs)" >&2
cd "$root/integration-tests"
java -cp "$cp" -Dbelay.jar="$root/ops/target/belay.jar" io.belay.it.bench.FailoverVsSentinel "$runs" "$work"
echo
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1), redis $(redis-server --version | cut -d' ' -f3 | cut -d= -f2); $runs runs each; client: SET 1 ms apart, 10 ms pause after an error"
