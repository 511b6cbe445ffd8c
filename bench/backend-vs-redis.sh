#!/usr/bin/env bash
# Throughput of a Belay backend against redis-server, measured in the same run on this
# machine with redis-benchmark, for pipelines of 1 and 16. Prints a Markdown table of
# requests per second (median of the rounds) and the ratio Belay / redis-server.
#
#   bench/backend-vs-redis.sh [rounds] [requests]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-3}"
requests="${2:-200000}"
tests="set,get,incr,lpush,rpop,sadd,hset,zadd,lrange_100"
redis_port=7711
belay_port=7712
work="$(mktemp -d)"
trap 'kill $belay_pid $redis_pid 2>/dev/null || true; rm -rf "$work"' EXIT

redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" --daemonize no \
  --loglevel warning > "$work/redis.log" 2>&1 &
redis_pid=$!
"$root/bin/belay" backend --port "$belay_port" --save '' --dir "$work" > "$work/belay.log" 2>&1 &
belay_pid=$!
for port in "$redis_port" "$belay_port"; do
  for _ in $(seq 1 600); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
done

# one warm-up pass, so the JVM has compiled the hot paths before it is measured
redis-benchmark -p "$belay_port" -t "$tests" -n "$requests" -P 16 -q >/dev/null 2>&1

measure() { # port pipeline -> "TEST rps" lines; "LRANGE_100 (first 100 elements)" becomes LRANGE_100
  redis-benchmark -p "$1" -t "$tests" -n "$requests" -P "$2" -c 50 --csv 2>/dev/null \
    | tail -n +2 | awk -F'","' '{gsub(/"/, "", $1); gsub(/"/, "", $2); split($1, name, " "); print name[1], $2}'
}

declare -A samples
for r in $(seq 1 "$rounds"); do
  for p in 1 16; do
    for who in redis belay; do
      port=$redis_port; [ "$who" = belay ] && port=$belay_port
      while read -r name rps; do
        samples["$who|$p|$name"]+="$rps "
      done < <(measure "$port" "$p")
    done
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "| test | pipeline | redis-server req/s | Belay backend req/s | ratio |"
echo "|---|---|---|---|---|"
for p in 1 16; do
  for key in "${!samples[@]}"; do
    IFS='|' read -r who pp name <<< "$key"
    [ "$who" = redis ] && [ "$pp" = "$p" ] || continue
    r=$(echo "${samples["redis|$p|$name"]}" | median)
    b=$(echo "${samples["belay|$p|$name"]}" | median)
    printf '| %s | %s | %.0f | %.0f | %.2f |\n' "$name" "$p" "$r" "$b" "$(echo "$b / $r" | bc -l)"
  done | sort
done
echo
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1), $(redis-server --version | cut -d' ' -f3); $rounds rounds of $requests requests, 50 clients"
