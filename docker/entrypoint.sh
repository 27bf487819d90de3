#!/usr/bin/env bash
# rnnkit in a container: the image's entrypoint, installed as /usr/local/bin/rnnkit.
# Runs the shaded CLI jar with the JVM flags of the repository's ./rnnkit launcher, sized to the container:
#   JAVA_TOOL_OPTIONS   left alone when set; otherwise the heap is -XX:MaxRAMPercentage=$RNNKIT_HEAP_PERCENT
#                       (default 40) of the container's memory (or -Xmx$RNNKIT_HEAP when that is set), and
#                       ND4J's native memory ceiling -Dorg.bytedeco.javacpp.maxphysicalbytes is
#                       $RNNKIT_PHYSICAL_PERCENT (default 90) percent of the memory limit read from
#                       /sys/fs/cgroup/memory.max (cgroup v2) or memory.limit_in_bytes (v1), else the host's.
#   OMP_NUM_THREADS     default 1 (DL4J's recurrent layers run many small ops; see docs/benchmarks.md)
#   RNNKIT_CACHE        dataset cache (the image sets /cache, a volume); JavaCPP unpacks its native
#                       libraries into $RNNKIT_CACHE/javacpp so that later runs reuse them
#   JAVA_OPTS           extra JVM flags, after the ones above
set -euo pipefail
jar=${RNNKIT_JAR:-/opt/rnnkit/rnnkit-cli.jar}

# Memory available to this container, in bytes.
memory_limit() {
  local host v f
  host=$(( $(awk '/^MemTotal:/ {print $2; exit}' /proc/meminfo) * 1024 ))   # kB -> bytes
  for f in /sys/fs/cgroup/memory.max /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/memory.limit_in_bytes; do
    [ -r "$f" ] || continue
    v=$(cat "$f" 2>/dev/null || true)
    case "$v" in ''|*[!0-9]*) continue ;; esac   # "max" (v2): no limit
    # cgroup v1 says "no limit" with a huge number; a limit above the host's memory means none either.
    if [ "$v" -gt 0 ] && [ "$v" -lt "$host" ]; then echo "$v"; return; fi
  done
  echo "$host"
}

if [ -z "${JAVA_TOOL_OPTIONS:-}" ]; then
  limit=$(memory_limit)
  physical=$(( limit / 100 * ${RNNKIT_PHYSICAL_PERCENT:-90} ))
  if [ -n "${RNNKIT_HEAP:-}" ]; then heap="-Xmx$RNNKIT_HEAP"; else heap="-XX:MaxRAMPercentage=${RNNKIT_HEAP_PERCENT:-40}"; fi
  export JAVA_TOOL_OPTIONS="$heap -Dorg.bytedeco.javacpp.maxphysicalbytes=$physical"
fi
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"

flags=(--add-modules jdk.incubator.vector)
# JavaCPP's unpacked native libraries (~390 MB for ND4J + OpenBLAS) go into the cache volume, not the
# container's own layer, unless the user picked a place.
if [[ "${JAVA_TOOL_OPTIONS:-} ${JAVA_OPTS:-}" != *org.bytedeco.javacpp.cachedir* ]] \
   && [ -n "${RNNKIT_CACHE:-}" ] && mkdir -p "$RNNKIT_CACHE/javacpp" 2>/dev/null && [ -w "$RNNKIT_CACHE/javacpp" ]; then
  flags+=("-Dorg.bytedeco.javacpp.cachedir=$RNNKIT_CACHE/javacpp")
fi
# shellcheck disable=SC2086  # JAVA_OPTS is a list of flags, split on spaces like ./rnnkit does
exec java "${flags[@]}" ${JAVA_OPTS:-} -jar "$jar" "$@"
