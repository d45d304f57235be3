#!/usr/bin/env bash
# Runs every test: unit tests and the integration tests against a real Docker engine.
# Brings up what they need first (engine, sandbox image), and fails if anything Airlock-labelled is left.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export JAVA_HOME=${AIRLOCK_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export MAVEN_OPTS=${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}

"$root/orchestrator/host-setup.sh"
"$root/sandbox-image/build.sh"

cd "$root"
mvn -B -ntp verify "$@"

leftovers=$(docker ps -aq --filter label=dev.airlock.managed=true; \
            docker network ls -q --filter label=dev.airlock.managed=true)
if [ -n "$leftovers" ]; then
  echo "test: Airlock-labelled containers or networks remain after the suite:" >&2
  docker ps -a --filter label=dev.airlock.managed=true >&2
  docker network ls --filter label=dev.airlock.managed=true >&2
  exit 1
fi
if grep -q " airlock-workspace " /proc/self/mounts; then
  echo "test: job workspaces are still mounted after the suite:" >&2
  grep " airlock-workspace " /proc/self/mounts >&2
  exit 1
fi
echo "test: no Airlock containers, networks or workspace mounts left behind" >&2
