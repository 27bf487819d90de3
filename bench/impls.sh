#!/usr/bin/env bash
# The char LM on rnnkit's recurrent layers and on DL4J's stock ones, same seed, same data, same time budget
# (docs/benchmarks.md): held-out BPC of each, then both training curves against time and iterations.
#   bench/impls.sh [MINUTES] [extra rnnkit train charlm options]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
minutes="${1:-5}"
shift || true
out="$here/bench/results/impls-$(date +%Y%m%d-%H%M)"
mkdir -p "$out"
for impl in rnnkit dl4j; do
  echo "== char LM, --impl $impl, $minutes minutes" >&2
  "$here/rnnkit" train charlm --minutes "$minutes" --impl "$impl" --metrics-dir "$out/$impl" \
    -o "$out/$impl.zip" "$@" 2>&1 | tee "$out/$impl.log" | grep -v " INFO \|^\s*$" >&2 || true
  grep -E "bits per character|BPC" "$out/$impl.log" | tail -3
done
"$here/rnnkit" bench curves "$out/rnnkit" "$out/dl4j" --out "$out/curves"
