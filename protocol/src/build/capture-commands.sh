#!/usr/bin/env bash
# Captures the command table of a real redis-server 7.0 into the inputs of
# generate-command-table.py:
#
#   redis-7.0-command-info.json   COMMAND INFO (every command, subcommands nested at index 9)
#   redis-7.0-command-docs.json   COMMAND DOCS (group, summary, ...)
#   redis-7.0-version.txt         the exact redis_version they came from
#
# A throwaway server is started on a loopback port with persistence off and stopped on
# exit. Entries are sorted by name and pretty-printed so a new capture diffs by command.
#
# Usage: protocol/src/build/capture-commands.sh [port]   (default port 6398)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
port="${1:-6398}"
workdir="$(mktemp -d)"
pid=""

cleanup() {
  if [[ -n "$pid" ]]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$workdir"
}
trap cleanup EXIT

cli() {
  redis-cli -h 127.0.0.1 -p "$port" "$@"
}

if cli PING >/dev/null 2>&1; then
  echo "something already answers on 127.0.0.1:$port; pass another port" >&2
  exit 1
fi

redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no \
  --dir "$workdir" --logfile "$workdir/redis.log" --daemonize no &
pid=$!

for _ in $(seq 1 100); do
  if cli PING >/dev/null 2>&1; then
    break
  fi
  sleep 0.1
done
cli PING >/dev/null

version="$(cli INFO server | tr -d '\r' | sed -n 's/^redis_version://p')"
case "$version" in
  7.0.*) ;;
  *) echo "expected redis-server 7.0.x, found '$version'" >&2; exit 1 ;;
esac

# redis-cli --json speaks RESP3, so key specs and docs arrive as JSON objects.
cli --json COMMAND INFO >"$workdir/info.json"
cli --json COMMAND DOCS >"$workdir/docs.json"

python3 - "$workdir/info.json" "$here/redis-7.0-command-info.json" <<'PY'
import json, sys
entries = json.load(open(sys.argv[1]))
def sort_entry(e):
    e[9] = sorted((sort_entry(s) for s in e[9]), key=lambda s: s[0])
    return e
entries = sorted((sort_entry(e) for e in entries), key=lambda e: e[0])
with open(sys.argv[2], "w") as out:
    json.dump(entries, out, indent=1)
    out.write("\n")
PY

python3 - "$workdir/docs.json" "$here/redis-7.0-command-docs.json" <<'PY'
import json, sys
docs = json.load(open(sys.argv[1]))
with open(sys.argv[2], "w") as out:
    json.dump(docs, out, indent=1, sort_keys=True)
    out.write("\n")
PY

echo "$version" >"$here/redis-7.0-version.txt"
count="$(cli COMMAND COUNT)"
echo "captured $count commands from redis-server $version into $here"
