#!/usr/bin/env bash
# ND4J backend classifier comparison (docs/benchmarks.md): one training step of rnnkit's and DL4J's recurrent
# layers (input -> layer -> softmax, Adam, float32) and a 1024^3 GEMM, for each classifier and OpenMP thread count,
# each in its own JVM, candidates interleaved round by round. Prints JSON lines; pipe to a file.
#   bench/backends.sh [ROUNDS] > bench/results/backends.jsonl
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-2}"
classifiers=(${CLASSIFIERS:-linux-x86_64 linux-x86_64-avx2 linux-x86_64-onednn-avx2})
shapes=(${SHAPES:-64x256x50x32 128x512x25x64})
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
(cd "$here" && mvn -q -B -DskipTests install -pl modules/bench -am) >&2
# Resolve in the reactor: there the -D override reaches core's own dependency on nd4j-native:CLASSIFIER
# (an installed core POM keeps the classifier it was installed with).
for c in "${classifiers[@]}"; do
  (cd "$here" && mvn -q -B -pl modules/bench -am -Dnd4j.classifier="$c" dependency:build-classpath \
      -Dmdep.outputFile="$work/cp-$c.txt") >&2
done
# nd4j-native always brings the generic jar as well; tell JavaCPP which build to load.
extension() { case "$1" in linux-x86_64) echo "" ;; *) echo "-${1#linux-x86_64-}" ;; esac; }
for r in $(seq 1 "$rounds"); do
  for c in "${classifiers[@]}"; do
    for t in 1 2; do
      echo "round $r: $c, OMP_NUM_THREADS=$t" >&2
      OMP_NUM_THREADS=$t java -Xmx4g --add-modules jdk.incubator.vector \
        -Dorg.bytedeco.javacpp.platform.extension="$(extension "$c")" \
        -cp "$here/modules/bench/target/classes:$(cat "$work/cp-$c.txt")" \
        io.github.rnnkit.bench.BackendMain "round$r $c omp$t" 2 5 "${shapes[@]}" 2>/dev/null | sed "s/^/$r\t/" | cut -f2
    done
  done
done
