#!/usr/bin/env bash
# Builds everything on a fresh machine and runs the quickstart: real jobs under policies/baseline.yaml,
# one that succeeds, one stopped dead by its wall-clock budget, and an agent that keeps calling a model
# through Airlock's gateway until its output-token budget stops it (against `airlock fake-llm`, a stand-in
# provider on loopback: no account or key needed); then Airlock's own agent loop, with scripted model turns,
# stopped part-way by its token budget.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
airlock=$root/orchestrator/airlock

"$root/orchestrator/host-setup.sh"
"$root/sandbox-image/build.sh"
cd "$root/orchestrator/examples"

step() { printf '\n\033[1m== %s\033[0m\n$ %s\n' "$1" "$2" >&2; }

step "1. A job that finishes: success (exit 0)" \
  "airlock run --policy policies/baseline.yaml -- python3 hello.py"
"$airlock" run --policy "$root/policies/baseline.yaml" -- python3 hello.py

step "2. A job that would run for 10 minutes, stopped at its 2s wall-clock budget: timeout (exit 11)" \
  "airlock run --policy policies/baseline.yaml --budget wall=2s --json -- sleep 600"
set +e
"$airlock" run --policy "$root/policies/baseline.yaml" --budget wall=2s --json -- sleep 600
code=$?
set -e
echo "exit code: $code" >&2
[ "$code" -eq 11 ] || { echo "quickstart: expected exit 11 (timeout), got $code" >&2; exit 1; }

# A stand-in model provider on a free loopback port, stopped when this script exits.
fake_log=$(mktemp)
"$airlock" fake-llm --script story.fake-llm.yaml >"$fake_log" 2>&1 &
fake_pid=$!
stop_fake() { kill "$fake_pid" 2>/dev/null && wait "$fake_pid" 2>/dev/null || true; rm -f "$fake_log"; }
trap stop_fake EXIT
for _ in $(seq 100); do
  grep -q '^fake-llm listening on ' "$fake_log" && break
  kill -0 "$fake_pid" 2>/dev/null || { cat "$fake_log" >&2; echo "quickstart: fake-llm did not start" >&2; exit 1; }
  sleep 0.2
done
fake_url=$(sed -n 's/^fake-llm listening on //p' "$fake_log")
[ -n "$fake_url" ] || { cat "$fake_log" >&2; echo "quickstart: fake-llm did not start" >&2; exit 1; }

step "3. An agent that keeps calling a model, stopped at its 200 output-token budget: budget_exceeded (exit 10)" \
  "airlock fake-llm --script story.fake-llm.yaml &     # a stand-in provider at $fake_url
\$ AIRLOCK_OPENAI_BASE_URL=$fake_url/v1 \\
    airlock run --policy policies/baseline.yaml --budget tokens-out=200 --json -- python3 agent.py"
# The orchestrator (not the job) holds the provider key; the fake takes any, so a placeholder stands in for it.
set +e
result=$(AIRLOCK_OPENAI_BASE_URL="$fake_url/v1" OPENAI_API_KEY=sk-quickstart-placeholder \
  "$airlock" run --policy "$root/policies/baseline.yaml" --budget tokens-out=200 --json -- python3 agent.py)
code=$?
set -e
printf '%s\n' "$result"
echo "exit code: $code" >&2
[ "$code" -eq 10 ] || { echo "quickstart: expected exit 10 (budget_exceeded), got $code" >&2; exit 1; }
job=$(python3 - "$result" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
o, s, t = r["outcome"], r["spend"], r["timings"]
print(f"{o['type']}/{o['reason']}: {o['detail']}", file=sys.stderr)
print(f"spent {s['tokensOut']} output + {s['tokensIn']} input tokens (${s['costUsd']}) in {s['llmCalls']} model calls;"
      f" killed {t['killLatencyMs']} ms after the cap was crossed", file=sys.stderr)
print(r["jobId"])
PY
)
left=$(docker ps -aq --filter "label=dev.airlock.job=$job" | wc -l)
printf '\ncontainers left by the agent job: %s\n' "$left" >&2
[ "$left" -eq 0 ] || { echo "quickstart: the job's container is still there" >&2; exit 1; }

step "4. Airlock's own agent loop: a scripted model summarising a year of notes under a 6000-token cap: budget_exceeded (exit 10)" \
  "airlock run hard-stop.job.yaml"
set +e
"$airlock" run hard-stop.job.yaml
code=$?
set -e
echo "exit code: $code" >&2
[ "$code" -eq 10 ] || { echo "quickstart: expected exit 10 (budget_exceeded), got $code" >&2; exit 1; }
