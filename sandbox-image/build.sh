#!/usr/bin/env bash
# Builds the Airlock sandbox image from ./Dockerfile.
# Normally FROM debian:bookworm-slim; when that base is neither present nor pullable (no registry),
# it bootstraps an equivalent base offline with mmdebstrap from Debian's package mirror,
# `docker import`s it as airlock/base:bookworm-<hash of its package list> and builds the same Dockerfile on it.
# Idempotent: skips the build when the tagged image already carries this directory's content hash.
# Usage: build.sh [--force]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
version=$(cat "$here/VERSION")
image=${AIRLOCK_IMAGE:-airlock/sandbox:$version}
upstream_base=debian:bookworm-slim
# What the Dockerfile needs beyond a slim base; the offline base is tagged by this list, so a change to it
# bootstraps a new base instead of building on one that lacks a package (and has no mirror to fetch it from).
packages=python3,procps,coreutils,tini,ca-certificates,curl
offline_base=airlock/base:bookworm-$(printf '%s' "$packages" | sha256sum | cut -c1-12)
force=false
[ "${1:-}" = "--force" ] && force=true

log() { printf 'image: %s\n' "$*" >&2; }

content_hash=$(cd "$here" && find . -type f ! -name '*.tar' -print0 | LC_ALL=C sort -z \
  | xargs -0 sha256sum | sha256sum | cut -c1-16)

if ! $force; then
  existing=$(docker image inspect --format '{{ index .Config.Labels "airlock.image.hash" }}' "$image" 2>/dev/null || true)
  if [ "$existing" = "$content_hash" ]; then
    log "$image is up to date ($content_hash)"
    exit 0
  fi
fi

have_image() { docker image inspect "$1" >/dev/null 2>&1; }

base=$upstream_base
if ! have_image "$upstream_base"; then
  if timeout "${AIRLOCK_PULL_TIMEOUT:-30}" docker pull -q "$upstream_base" >/dev/null 2>&1; then
    log "pulled $upstream_base"
  else
    base=$offline_base
    if ! have_image "$offline_base"; then
      command -v mmdebstrap >/dev/null || { log "mmdebstrap is missing: run orchestrator/host-setup.sh"; exit 1; }
      log "$upstream_base cannot be pulled; bootstrapping $offline_base with mmdebstrap (about a minute)"
      work=$(mktemp -d)
      trap 'rm -rf "$work"' EXIT
      mmdebstrap --quiet --variant=minbase \
        --include="$packages" \
        --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
        --dpkgopt='path-exclude=/usr/share/locale/*' \
        bookworm "$work/rootfs.tar"
      docker import --change 'CMD ["/bin/bash"]' "$work/rootfs.tar" "$offline_base" >/dev/null
      log "imported $offline_base"
    fi
  fi
fi

log "building $image on $base"
build_log=$(mktemp)
if ! DOCKER_BUILDKIT=0 docker build --build-arg "BASE=$base" \
    --label "airlock.image.hash=$content_hash" --label "airlock.image.version=$version" \
    --tag "$image" "$here" >"$build_log" 2>&1; then
  cat "$build_log" >&2
  rm -f "$build_log"
  log "build of $image failed"
  exit 1
fi
rm -f "$build_log"
log "built $image ($content_hash)"
