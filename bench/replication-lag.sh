#!/usr/bin/env bash
# Replication lag under load: a Belay backend replicating to a Belay backend beside redis-server
# replicating to redis-server, one pair after the other on this machine, each loaded at half of
# its master's highest SET rate. Prints a Markdown table: the rates, and p50/p99 of the lag in
# bytes (master offset minus replica offset) and in milliseconds (until the replica reached an
# offset the master had).
#
#   bench/replication-lag.sh [seconds]        (default 20 per pair; redis-server is also run at
#                                             the Belay pair's load, for a like-for-like row)
#
# The load and the sampler are io.belay.it.bench.ReplicationLag (integration-tests test
# sources), run with the test classpath; process logs stay in the printed work directory.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-20}"
work="$(mktemp -d /tmp/belay-lag-bench.XXXXXX)"
cd "$root"

command -v redis-server >/dev/null || { echo "redis-server is needed (Debian: redis-server)" >&2; exit 2; }

. "$root/bench/test-classpath.sh" "$work"

echo "work directory: $work (process logs)" >&2
cd "$root/integration-tests"
java -cp "$cp" -Dbelay.jar="$root/ops/target/belay.jar" io.belay.it.bench.ReplicationLag "$seconds" "$work"
echo
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1), redis $(redis-server --version | cut -d' ' -f3 | cut -d= -f2)"
