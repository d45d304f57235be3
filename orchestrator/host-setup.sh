#!/usr/bin/env bash
# Brings up what Airlock needs on this host: a Docker engine (Debian's docker.io) and mmdebstrap
# for the offline sandbox-image bootstrap. Idempotent: installs only what is missing, starts dockerd
# only when no engine answers, and waits (bounded) until it does.
set -euo pipefail

log() { printf 'host-setup: %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
command -v mmdebstrap >/dev/null 2>&1 || need+=(mmdebstrap)
command -v iptables >/dev/null 2>&1 || need+=(iptables)
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# The sandbox's init is protected from ptrace by being non-dumpable (sandbox-image/Dockerfile); with
# fs.suid_dumpable=1 the kernel makes every process dumpable and that protection is gone.
if [ "$(cat /proc/sys/fs/suid_dumpable 2>/dev/null || echo 0)" = 1 ]; then
  log "warning: fs.suid_dumpable is 1, so a sandboxed program could ptrace its init; set it to 0 or 2" \
    "(sysctl -w fs.suid_dumpable=0)"
fi

engine_answers() { timeout 5 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

if engine_answers; then
  log "docker engine already running ($(docker version --format '{{.Server.Version}}'))"
  exit 0
fi

log_file=${AIRLOCK_DOCKERD_LOG:-/var/log/airlock-dockerd.log}
log "starting dockerd (log: $log_file)"
as_root setsid dockerd >"$log_file" 2>&1 < /dev/null &

deadline=$((SECONDS + ${AIRLOCK_DOCKERD_WAIT:-60}))
until engine_answers; do
  if [ $SECONDS -ge $deadline ]; then
    log "dockerd did not answer within ${AIRLOCK_DOCKERD_WAIT:-60}s; last lines of $log_file:"
    tail -n 20 "$log_file" >&2 || true
    exit 1
  fi
  sleep 0.5
done
log "docker engine ready ($(docker version --format '{{.Server.Version}}'))"
