#!/usr/bin/env bash
# Memory for N small keys (default 1,000,000 SETs of a 16-byte key and a 10-byte value) in a
# Belay backend and in redis-server, loaded the same way (redis-cli --pipe) in the same run.
# Prints a Markdown table: used_memory as each server reports it, and the process's resident
# set (VmRSS) read from /proc. A JVM's RSS also holds garbage not yet collected and heap it
# has committed but not used, so Belay's is shown twice: right after the load, and after a
# full GC (jcmd GC.run), which lets G1 give unused heap back.
#
#   bench/memory.sh [keys]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
keys="${1:-1000000}"
redis_port=7721
belay_port=7722
work="$(mktemp -d)"
redis_pid=""
belay_pid=""
trap 'kill $belay_pid $redis_pid 2>/dev/null || true; rm -rf "$work"' EXIT

"$root/bin/belay" --help >/dev/null # builds the jar if needed, before anything is timed

redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" --daemonize no \
  --loglevel warning > "$work/redis.log" 2>&1 &
redis_pid=$!
"$root/bin/belay" backend --port "$belay_port" --save '' --dir "$work" > "$work/belay.log" 2>&1 &
belay_pid=$!
for port in "$redis_port" "$belay_port"; do
  for _ in $(seq 1 600); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
done
# bin/belay execs java, so its pid is the JVM's

# The load: SET key:%012d v:%08d, in RESP, generated once and piped into both servers.
awk -v n="$keys" 'BEGIN {
  for (i = 0; i < n; i++) {
    k = sprintf("key:%012d", i); v = sprintf("v:%08d", i)
    printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", length(k), k, length(v), v
  }
}' > "$work/load.resp"

info_field() { redis-cli -p "$1" info memory | tr -d '\r' | awk -F: -v f="$2" '$1 == f {print $2}'; }
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
mb() { echo "scale=1; $1 / 1048576" | bc; }

rows=()
for who in redis belay; do
  port=$redis_port; pid=$redis_pid
  [ "$who" = belay ] && port=$belay_port && pid=$belay_pid
  empty_rss=$(rss_kb "$pid")
  redis-cli -p "$port" --pipe < "$work/load.resp" > "$work/$who-pipe.log"
  got=$(redis-cli -p "$port" dbsize)
  [ "$got" = "$keys" ] || { echo "$who holds $got keys, not $keys" >&2; exit 1; }
  used=$(info_field "$port" used_memory)
  rss=$(rss_kb "$pid")
  rows+=("$who|$used|$((empty_rss * 1024))|$((rss * 1024))")
done
jcmd "$belay_pid" GC.run >/dev/null
sleep 2
belay_gc_rss=$(( $(rss_kb "$belay_pid") * 1024 ))
belay_gc_used=$(info_field "$belay_port" used_memory)

IFS='|' read -r _ r_used r_empty r_rss <<< "${rows[0]}"
IFS='|' read -r _ b_used b_empty b_rss <<< "${rows[1]}"
echo "| server | keys | used_memory MB | RSS empty MB | RSS loaded MB | RSS after full GC MB |"
echo "|---|---|---|---|---|---|"
printf '| redis-server | %d | %s | %s | %s | — |\n' "$keys" "$(mb "$r_used")" "$(mb "$r_empty")" "$(mb "$r_rss")"
printf '| Belay backend | %d | %s (after GC: %s) | %s | %s | %s |\n' "$keys" "$(mb "$b_used")" "$(mb "$belay_gc_used")" \
  "$(mb "$b_empty")" "$(mb "$b_rss")" "$(mb "$belay_gc_rss")"
printf '\nratio Belay / redis-server: used_memory %.2f, RSS loaded %.2f, RSS after GC %.2f\n' \
  "$(echo "$belay_gc_used / $r_used" | bc -l)" "$(echo "$b_rss / $r_rss" | bc -l)" \
  "$(echo "$belay_gc_rss / $r_rss" | bc -l)"
echo
echo "$(nproc) cores, $(java -version 2>&1 | sed -n 1p), JVM options: ${BELAY_JAVA_OPTS:-(defaults)}, redis $(redis-server --version | cut -d' ' -f3)"
