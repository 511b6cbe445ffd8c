#!/usr/bin/env bash
# Throughput and latency of every way to reach Redis-protocol data on this machine, measured
# with redis-benchmark in one run so the numbers can be compared:
#
#   redis          redis-server, directly
#   belay-backend  a Belay backend (bin/belay backend), directly
#   belay-embedded the Belay proxy of the default mode: in-process master and two replicas,
#                  its default read policy (prefer-replica) and consistency (read-your-writes)
#   belay-redis    the Belay proxy of a node whose one backend is the redis-server above
#   haproxy        HAProxy in TCP mode in front of the same redis-server
#   twemproxy      twemproxy (nutcracker) in front of the same redis-server
#
# Prints a Markdown table: for each test and pipeline depth, req/s (median of the rounds) and
# p50/p99 latency in ms (median of the rounds' percentiles), with the ratio to redis-server.
# Targets that cannot start (haproxy or nutcracker not installed) are left out and said so.
#
#   bench/throughput.sh [rounds] [requests] [targets] [tests]
#   e.g. bench/throughput.sh 3 200000 redis,belay-redis,haproxy get,set
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-3}"
requests="${2:-200000}"
targets="${3:-redis,belay-backend,belay-embedded,belay-redis,haproxy,twemproxy}"
tests="${4:-get,set,incr,lpush,lrange_100,zadd}"
clients=50
base=7730
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$root/bin/belay" --help >/dev/null # builds the jar if needed, before anything is measured

declare -A port=(
  [redis]=$base [belay-backend]=$((base + 1)) [belay-embedded]=$((base + 2))
  [belay-redis]=$((base + 6)) [haproxy]=$((base + 8)) [twemproxy]=$((base + 9))
)
wanted() { [[ ",$targets," == *",$1,"* ]]; }
needs_redis() { wanted redis || wanted belay-redis || wanted haproxy || wanted twemproxy; }

start() { # name command... ; output goes to $work/name.log
  local name="$1"
  shift
  "$@" > "$work/$name.log" 2>&1 &
  pids+=($!)
}

if needs_redis; then
  start redis redis-server --port "${port[redis]}" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" \
    --daemonize no --loglevel warning
fi
if wanted belay-backend; then
  mkdir -p "$work/backend"
  start belay-backend "$root/bin/belay" backend --port "${port[belay-backend]}" --save '' --dir "$work/backend"
fi
if wanted belay-embedded; then
  p=${port[belay-embedded]}
  start belay-embedded "$root/bin/belay" --port "$p" --backend-ports "$((p + 1)),$((p + 2)),$((p + 3))" \
    --http-port "$((base + 20))" --data-dir "$work/embedded"
fi
if wanted belay-redis; then
  cat > "$work/node.yaml" <<EOF
node: { name: bench, http: 127.0.0.1:$((base + 21)) }
cluster: { name: bench, port: $((base + 22)), members: [127.0.0.1:$((base + 22))] }
groups:
  - name: mymaster
    listen: 127.0.0.1:${port[belay-redis]}
    backends: [127.0.0.1:${port[redis]}]
    quorum: 1
    read-policy: master
EOF
  start belay-redis "$root/bin/belay" node --config "$work/node.yaml"
fi
if wanted haproxy; then
  if command -v haproxy >/dev/null; then
    cat > "$work/haproxy.cfg" <<EOF
global
  maxconn 4096
defaults
  mode tcp
  timeout connect 2s
  timeout client 60s
  timeout server 60s
frontend redis_in
  bind 127.0.0.1:${port[haproxy]}
  default_backend redis_out
backend redis_out
  server redis 127.0.0.1:${port[redis]}
EOF
    start haproxy haproxy -db -f "$work/haproxy.cfg"
  else
    echo "haproxy is not installed: left out (apt-get install haproxy)" >&2
    targets="${targets//haproxy/}"
  fi
fi
if wanted twemproxy; then
  if command -v nutcracker >/dev/null; then
    cat > "$work/nutcracker.yml" <<EOF
bench:
  listen: 127.0.0.1:${port[twemproxy]}
  redis: true
  preconnect: true
  server_connections: 1
  servers:
    - 127.0.0.1:${port[redis]}:1
EOF
    start twemproxy nutcracker -c "$work/nutcracker.yml" -s "$((base + 23))"
  else
    echo "nutcracker is not installed: left out (apt-get install nutcracker)" >&2
    targets="${targets//twemproxy/}"
  fi
fi

order=()
for t in redis belay-backend belay-embedded belay-redis haproxy twemproxy; do
  wanted "$t" && order+=("$t")
done
for t in "${order[@]}"; do
  ok=""
  for _ in $(seq 1 900); do
    if [ "$(redis-cli -p "${port[$t]}" set bench:ready 1 2>/dev/null)" = OK ]; then ok=1; break; fi
    sleep 0.1
  done
  [ -n "$ok" ] || { echo "$t did not come up on ${port[$t]}; its log:" >&2; cat "$work/$t.log" >&2; exit 1; }
done

# one warm-up pass through every target, so the JVMs have compiled their hot paths
for t in "${order[@]}"; do
  redis-benchmark -p "${port[$t]}" -t "$tests" -n "$requests" -P 16 -c "$clients" -q >/dev/null 2>&1 || true
done

measure() { # port pipeline -> "TEST rps p50 p99" lines
  redis-benchmark -p "$1" -t "$tests" -n "$requests" -P "$2" -c "$clients" --csv 2>/dev/null \
    | tail -n +2 | awk -F'","' '{
        gsub(/"/, "", $1); gsub(/"/, "", $NF); split($1, name, " ");
        print name[1], $2, $5, $7 }'
}

declare -A rps p50 p99
for _ in $(seq 1 "$rounds"); do
  for p in 1 16; do
    for t in "${order[@]}"; do
      while read -r name r l50 l99; do
        rps["$t|$p|$name"]+="$r "
        p50["$t|$p|$name"]+="$l50 "
        p99["$t|$p|$name"]+="$l99 "
      done < <(measure "${port[$t]}" "$p")
    done
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR ? a[int((NR+1)/2)] : "")}'; }
cell() { # target pipeline test -> "rps (ratio) · p50/p99"
  local r l50 l99 base_r
  r=$(echo "${rps["$1|$2|$3"]:-}" | median)
  [ -n "$r" ] || { echo "—"; return; }
  l50=$(echo "${p50["$1|$2|$3"]}" | median)
  l99=$(echo "${p99["$1|$2|$3"]}" | median)
  base_r=$(echo "${rps["redis|$2|$3"]:-}" | median)
  if [ -n "$base_r" ] && [ "$1" != redis ]; then
    printf '%.0f (%.2f×) · %s/%s' "$r" "$(echo "$r / $base_r" | bc -l)" "$l50" "$l99"
  else
    printf '%.0f · %s/%s' "$r" "$l50" "$l99"
  fi
}

header="| test | -P |"
rule="|---|---|"
for t in "${order[@]}"; do header+=" $t |"; rule+="---|"; done
echo "req/s (ratio to redis-server) · p50/p99 latency in ms; $clients clients, $requests requests, median of $rounds rounds"
echo
echo "$header"
echo "$rule"
names=$(for k in "${!rps[@]}"; do IFS='|' read -r _ _ n <<< "$k"; echo "$n"; done | sort -u)
for p in 1 16; do
  for n in $names; do
    line="| $n | $p |"
    for t in "${order[@]}"; do line+=" $(cell "$t" "$p" "$n") |"; done
    echo "$line"
  done
done
echo
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | sed -n 1p)," \
  "redis $(redis-server --version | cut -d' ' -f3 | cut -d= -f2)" \
  "$(command -v haproxy >/dev/null && haproxy -v | sed -n 1p | cut -d' ' -f1-3)" \
  "$(command -v nutcracker >/dev/null && nutcracker --version 2>&1 | sed -n 1p | cut -d' ' -f3)"
