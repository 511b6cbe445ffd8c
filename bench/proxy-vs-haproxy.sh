#!/usr/bin/env bash
# Throughput and latency of the Belay proxy, measured in one run on this machine with
# redis-benchmark (GET and SET, pipelines of 1 and 16, 50 clients) against four targets:
#
#   redis      redis-server, directly
#   embedded   the Belay proxy of the embedded default (`bin/belay`: master and two replicas
#              in the same process, read-your-writes, prefer-replica)
#   proxy      the Belay proxy of `bin/belay node`, in front of stock redis-servers (a master
#              and one replica, read-your-writes, prefer-replica)
#   haproxy    HAProxy in TCP mode in front of the same redis-server master
#
# Prints a Markdown table of requests per second and p50/p99 latency (medians of the rounds),
# with the two ratios the proxy is held to: embedded / redis and proxy / haproxy.
#
#   bench/proxy-vs-haproxy.sh [rounds] [requests]
#
# Needs redis-server, redis-benchmark and haproxy (apt-get install -y redis-server haproxy).
# BELAY_JAVA_OPTS is passed on to both Belay processes (e.g. a flight recording).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-3}"
requests="${2:-200000}"
tests="set,get"
clients=50

for tool in redis-server redis-cli redis-benchmark haproxy; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool is not on the PATH" >&2; exit 1; }
done

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# Free loopback ports, asked of the kernel rather than guessed.
free_ports() {
  python3 - "$1" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
}
read -r redis_port replica_port haproxy_port proxy_port proxy_http cluster_port \
  emb_port emb_http emb_b1 emb_b2 emb_b3 <<< "$(free_ports 11)"

# Build the jar first, once, so that neither Belay process builds it on its own.
"$root/bin/belay" --help >/dev/null

redis_common=(--bind 127.0.0.1 --save '' --appendonly no --daemonize no --loglevel warning)
redis-server --port "$redis_port" --dir "$work" "${redis_common[@]}" > "$work/redis.log" 2>&1 &
pids+=($!)
redis-server --port "$replica_port" --dir "$work" --replicaof 127.0.0.1 "$redis_port" \
  "${redis_common[@]}" > "$work/replica.log" 2>&1 &
pids+=($!)

cat > "$work/haproxy.cfg" <<EOF
global
  maxconn 4096
defaults
  mode tcp
  timeout connect 5s
  timeout client 1m
  timeout server 1m
frontend redis
  bind 127.0.0.1:$haproxy_port
  default_backend master
backend master
  server redis 127.0.0.1:$redis_port
EOF
haproxy -db -f "$work/haproxy.cfg" > "$work/haproxy.log" 2>&1 &
pids+=($!)

cat > "$work/node.yaml" <<EOF
node: { name: bench, http: 127.0.0.1:$proxy_http }
cluster: { name: bench, port: $cluster_port, members: [127.0.0.1:$cluster_port] }
groups:
  - name: bench
    listen: 127.0.0.1:$proxy_port
    backends: [127.0.0.1:$redis_port, 127.0.0.1:$replica_port]
    quorum: 1
    down-after: 2s
    read-policy: prefer-replica
    consistency: read-your-writes
EOF
"$root/bin/belay" node --config "$work/node.yaml" > "$work/node.log" 2>&1 &
pids+=($!)
"$root/bin/belay" --port "$emb_port" --http-port "$emb_http" \
  --backend-ports "$emb_b1,$emb_b2,$emb_b3" --data-dir "$work/embedded" > "$work/embedded.log" 2>&1 &
pids+=($!)

declare -A port=([redis]=$redis_port [embedded]=$emb_port [proxy]=$proxy_port [haproxy]=$haproxy_port)
targets=(redis embedded proxy haproxy)

# Ready once a write goes through (a proxy answers PING before it knows its master).
for who in "${targets[@]}"; do
  ok=
  for _ in $(seq 1 600); do
    if [ "$(redis-cli -p "${port[$who]}" set bench:ready 1 2>/dev/null)" = OK ]; then ok=1; break; fi
    sleep 0.1
  done
  [ -n "$ok" ] || { echo "$who on port ${port[$who]} did not come up; logs in $work" >&2; tail -20 "$work"/*.log >&2; exit 1; }
done

# One warm-up pass per Belay process, so the JVM has compiled the hot paths before it is measured.
for who in embedded proxy; do
  for p in 1 16; do
    redis-benchmark -p "${port[$who]}" -t "$tests" -n "$requests" -c "$clients" -P "$p" -q >/dev/null 2>&1
  done
done

measure() { # port pipeline -> "TEST rps p50 p99" lines
  redis-benchmark -p "$1" -t "$tests" -n "$requests" -P "$2" -c "$clients" --csv 2>/dev/null \
    | tail -n +2 | tr -d '"' | awk -F, '{print $1, $2, $5, $7}'
}

declare -A rps p50 p99
for _ in $(seq 1 "$rounds"); do
  for p in 1 16; do
    for who in "${targets[@]}"; do
      while read -r name r l50 l99; do
        rps["$who|$p|$name"]+="$r "
        p50["$who|$p|$name"]+="$l50 "
        p99["$who|$p|$name"]+="$l99 "
      done < <(measure "${port[$who]}" "$p")
    done
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
cell() { # who pipeline test -> "rps (p50/p99 ms)"
  local k="$1|$2|$3"
  printf '%.0f (%s/%s)' "$(echo "${rps[$k]}" | median)" "$(echo "${p50[$k]}" | median)" \
    "$(echo "${p99[$k]}" | median)"
}
ratio() { # numerator denominator pipeline test
  printf '%.2f' "$(echo "$(echo "${rps[$1|$3|$4]}" | median) / $(echo "${rps[$2|$3|$4]}" | median)" | bc -l)"
}

echo "req/s (p50/p99 latency in ms), median of $rounds rounds"
echo
echo "| test | pipeline | redis-server | Belay embedded | Belay → redis-server | HAProxy → redis-server | embedded / redis | proxy / HAProxy |"
echo "|---|---|---|---|---|---|---|---|"
for name in SET GET; do
  for p in 1 16; do
    echo "| $name | $p | $(cell redis $p $name) | $(cell embedded $p $name) | $(cell proxy $p $name) | $(cell haproxy $p $name) | $(ratio embedded redis $p $name) | $(ratio proxy haproxy $p $name) |"
  done
done
echo
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1), redis $(redis-server --version | cut -d' ' -f3 | cut -d= -f2), $(haproxy -v 2>&1 | head -1 | cut -d' ' -f1-3); $requests requests, $clients clients"
