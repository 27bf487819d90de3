#!/usr/bin/env bash
# Training memory vs corpus size (docs/benchmarks.md): the same 20 batches of the default char LM on a 1 MB
# prefix of Brown's raw text and on the whole 6.1 MB text, each in a fresh JVM; prints one JSON line each.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
raw="$("$here/rnnkit" data fetch brown | awk -F'\t' '$1=="brown-raw"{print $3}')"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
head -c 1000000 "$raw" > "$work/brown-1mb.txt"
for f in "$work/brown-1mb.txt" "$raw"; do
  "$here/rnnkit" bench memory --text "$f" --batches "${BATCHES:-20}" 2>/dev/null
done
