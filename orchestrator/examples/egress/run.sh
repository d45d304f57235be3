#!/usr/bin/env bash
# Runs the egress example end to end on this machine, offline: starts a test server in a container on a
# Docker network of its own, points myserver.test at it in a copy of the orchestrator configuration, runs
# agent.py under policy.yaml with --json, and removes the server and its network again.
# Usage: orchestrator/examples/egress/run.sh [extra airlock run options]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../.." && pwd)
image=${AIRLOCK_IMAGE:-airlock/sandbox:$(cat "$root/sandbox-image/VERSION")}
net=airlock-example-$$
server=airlock-example-server-$$
work=$(mktemp -d)

cleanup() {
  docker rm -f "$server" >/dev/null 2>&1 || true
  docker network rm "$net" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

docker network create --label airlock.example=egress "$net" >/dev/null
docker run -d --name "$server" --label airlock.example=egress --network "$net" "$image" \
  python3 -m http.server 8080 --directory /opt/airlock >/dev/null
for _ in $(seq 50); do   # wait (up to ~5s) until the server answers inside its container
  docker exec "$server" python3 -c 'import urllib.request as u; u.urlopen("http://127.0.0.1:8080/", timeout=1)' \
    >/dev/null 2>&1 && break
  sleep 0.1
done
ip=$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$server")
echo "example: test server $server at $ip:8080 on network $net" >&2

sed "s|^  hosts: {}|  hosts:\n    myserver.test: $ip|" "$root/orchestrator/airlock.yaml" >"$work/airlock.yaml"
cp "$here/agent.py" "$work/agent.py"
cd "$work"
"$root/orchestrator/airlock" run --config "$work/airlock.yaml" --policy "$here/policy.yaml" "$@" -- python3 agent.py
