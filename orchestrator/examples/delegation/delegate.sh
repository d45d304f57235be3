#!/usr/bin/env bash
# Job delegation: hand three agent jobs to `airlock serve`, watch their state, cancel one, and print every outcome
# and spend. Offline: the jobs' model turns are scripted (report.job.yaml, ../hard-stop.job.yaml, long.job.yaml).
#
#   orchestrator/examples/delegation/delegate.sh
#
# It starts a server of its own on a free loopback port, with its data in a temporary directory that it removes
# at the end; with AIRLOCK_SERVER and AIRLOCK_TOKEN set it uses that server instead (and leaves it running).
# With DELEGATE_MODEL=gpt-4.1-nano (and OPENAI_API_KEY in the server's environment) the jobs use that model in
# place of their scripts.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../.." && pwd)
airlock=$root/orchestrator/airlock
say() { printf 'delegation: %s\n' "$*"; }

if [ -z "${AIRLOCK_SERVER:-}" ]; then
  work=$(mktemp -d "${TMPDIR:-/tmp}/airlock-delegation.XXXXXX")
  export AIRLOCK_HOME=$work/home
  AIRLOCK_API_TOKEN=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
  export AIRLOCK_API_TOKEN
  "$airlock" serve --listen 127.0.0.1:0 >"$work/serve.log" 2>&1 &
  server=$!
  stop_server() {
    kill -TERM "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
    rm -rf "$work"
  }
  trap stop_server EXIT
  for _ in $(seq 1 120); do   # up to 60 s, the first run builds the jar
    url=$(grep -o 'serving on http://[^ ]*' "$work/serve.log" 2>/dev/null | head -1 | cut -d' ' -f3 || true)
    [ -n "$url" ] && break
    kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
    sleep 0.5
  done
  [ -n "$url" ] || { say "the server did not start"; cat "$work/serve.log" >&2; exit 1; }
  export AIRLOCK_SERVER=$url AIRLOCK_TOKEN=$AIRLOCK_API_TOKEN
  say "airlock serve on $url (data in $work, removed at the end)"
fi

# A job file as submitted: with DELEGATE_MODEL, a copy using that model rather than its script.
job_file() {
  if [ -z "${DELEGATE_MODEL:-}" ]; then echo "$1"; return; fi
  local copy
  copy="$(dirname "$1")/.delegate-$(basename "$1")"
  python3 - "$1" "$copy" "$DELEGATE_MODEL" <<'PY'
import re, sys
src, dst, model = sys.argv[1:]
text = open(src).read()
text = re.sub(r"(?ms)^  script:.*?(?=^  task:)", "", text)
text = re.sub(r"(?m)^  model: .*$", "  model: " + model, text)
text = re.sub(r"(?m)^  provider: scripted\n", "", text)
open(dst, "w").write(text)
PY
  echo "$copy"
}

declare -A ids
for name in report hard-stop long; do
  file=$here/$name.job.yaml
  [ "$name" = hard-stop ] && file=$here/../hard-stop.job.yaml
  ids[$name]=$("$airlock" submit "$(job_file "$file")")
  say "submitted $name: ${ids[$name]}"
done
rm -f "$here"/.delegate-*.job.yaml "$here"/../.delegate-*.job.yaml

# Poll until the two short jobs are done, showing each state change.
declare -A seen
for _ in $(seq 1 240); do
  pending=0
  for name in report hard-stop long; do
    state=$("$airlock" status --json "${ids[$name]}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])')
    if [ "${seen[$name]:-}" != "$state" ]; then
      say "$name is $state"
      seen[$name]=$state
    fi
    [ "$name" != long ] && [ "$state" != done ] && pending=1
  done
  [ "$pending" = 0 ] && [ "${seen[long]}" = running ] && break
  sleep 0.5
done

say "cancelling long: it would run for ten minutes"
"$airlock" cancel "${ids[long]}" >/dev/null || true

for name in report hard-stop long; do
  echo
  say "== $name =="
  "$airlock" wait "${ids[$name]}" 2>/dev/null || true
  "$airlock" status "${ids[$name]}" | grep -E '^  (spend|agent|its last)|^    ' || true
done
