#!/usr/bin/env bash
# The time-series benchmark (docs/benchmarks.md, issue 12): rnnkit's ESN, LSTM and GRU forecasters beside the naive
# baselines on Mackey-Glass, NARMA-10, co2 and sunspots, then statsmodels' Holt-Winters on co2 and sunspots with the
# same splits and origins. Installs Debian's python3-statsmodels (the peer) when missing.
#   bench/forecast.sh [MINUTES_PER_GATED_MODEL]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
minutes="${1:-6}"
out="$here/bench/results/forecast-$(date +%Y%m%d-%H%M)"
mkdir -p "$out"
if ! /usr/bin/python3 -c "import statsmodels" 2>/dev/null; then
  echo "forecast.sh: installing the peer, Debian's python3-statsmodels (apt-get)" >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q python3-statsmodels >&2; else sudo apt-get install -y -q python3-statsmodels >&2; fi \
    || { echo "forecast.sh: could not install python3-statsmodels; the peer rows will be missing" >&2; }
fi
"$here/rnnkit" bench forecast --minutes "$minutes" --out "$out" | tee "$out/rnnkit.txt"
root="$("$here/rnnkit" data fetch statsmodels | tail -1 | cut -f3)"
if /usr/bin/python3 -c "import statsmodels" 2>/dev/null; then
  /usr/bin/python3 "$here/bench/forecast_peer.py" "$root" | tee "$out/peer.md"
fi
echo "results in $out"
