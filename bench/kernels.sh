#!/usr/bin/env bash
# The recurrent-kernel benchmark of docs/benchmarks.md: installs the PyTorch peer (Debian's python3-torch with
# the pthread OpenBLAS, as ../shared/BENCHMARKS.md prescribes; rnnkit loads the same OpenBLAS when it is there)
# if it is missing, then runs
# `rnnkit bench kernels` (rnnkit's layers, DL4J's, PyTorch's and a GEMM roofline, interleaved).
#   bench/kernels.sh [extra rnnkit bench kernels options, e.g. --rounds 3 --reps 3]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
missing=()
/usr/bin/python3 -c "import torch" >/dev/null 2>&1 || missing+=(python3-torch)
dpkg -s libopenblas0-pthread >/dev/null 2>&1 || missing+=(libopenblas0-pthread)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "bench/kernels.sh: installing the PyTorch peer (${missing[*]})" >&2
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "bench/kernels.sh: PyTorch peer missing (${missing[*]}); install them with apt-get, or the table shows rnnkit and DL4J only" >&2
  fi
fi
# The machine may set OPENBLAS_CORETYPE (and OPENBLAS_L2_SIZE) for old OpenBLAS builds such as ND4J's bundled
# 0.3.19, which go wrong on some CPUs with their own kernel choice. When the JVM loads the system's newer OpenBLAS
# instead (RNNKIT_BLAS unset or auto/system, and libopenblas0-pthread installed), this command alone unsets both,
# as the peer's does, so that both run the kernel their OpenBLAS picks; the report names the library and the setting.
blas_env=()
if [ "${RNNKIT_BLAS:-auto}" != bundled ] && [ -f /usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0 ]; then
  blas_env=(-u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE)
fi
exec env "${blas_env[@]}" "$here/rnnkit" bench kernels --out "$here/bench/results/kernels-$(date +%Y%m%d-%H%M).json" "$@"
