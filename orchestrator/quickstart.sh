#!/usr/bin/env bash
# Builds everything on a fresh machine and runs the quickstart: real jobs under policies/baseline.yaml,
# one that succeeds and one stopped dead by its wall-clock budget.
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

left=$(docker ps -aq --filter label=dev.airlock.managed=true | wc -l)
printf '\nAirlock containers left running: %s\n' "$left" >&2
