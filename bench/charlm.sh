#!/usr/bin/env bash
# The char LM accuracy benchmark of docs/benchmarks.md: installs the compressor peers (Debian packages) if
# they are missing, then trains for the given minutes and scores the Brown test tail beside them.
#   bench/charlm.sh [MINUTES] [extra rnnkit bench charlm options]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
minutes="${1:-30}"; shift || true
missing=()
command -v 7z >/dev/null || missing+=(p7zip-full)
command -v bzip2 >/dev/null || missing+=(bzip2)
command -v xz >/dev/null || missing+=(xz-utils)
command -v zstd >/dev/null || missing+=(zstd)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "bench/charlm.sh: compressor peers missing (${missing[*]}); install them with apt-get, or the table will say 'not installed'" >&2
  fi
fi
exec "$here/rnnkit" bench charlm --minutes "$minutes" --out "$here/bench/results/charlm-$(date +%Y%m%d-%H%M)" "$@"
