#!/usr/bin/env bash
# Submits the CLI jar with Spark's own SparkSubmit to a standalone cluster (a master and two workers on
# 127.0.0.1), the way docs/spark.md tells a user to, and checks that both workers' executors ran tasks and that
# the bundle says it was trained there.
#
# There is no Spark tarball here: the script lays out a Spark home the way a distribution does (RELEASE and
# jars/ holding spark-core_2.12 and its dependencies as Maven resolves them, Spark's own SLF4J 2 and log4j 2)
# and starts the master, the workers and SparkSubmit from SPARK_HOME/jars/* as sbin/start-*.sh and
# bin/spark-submit would. The workers launch executors from SPARK_HOME/jars; the CLI jar reaches them only by
# spark-submit's own jar shipping.
#
# Usage: modules/spark/submit-check.sh [WORK_DIR]   (default: a temporary folder, removed at the end)
# Needs: mvn (resolves the Spark jars once; builds the CLI jar through ./rnnkit when missing or stale), python3
# (free ports), ~5 GB of memory.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="$here/modules/cli/target/rnnkit-cli.jar"
work="${1:-}"
pids=()
stop_cluster() {
  # workers stop their executor JVMs when they are stopped
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
}
if [ -z "$work" ]; then
  work="$(mktemp -d)"
  trap 'stop_cluster; sleep 2; rm -rf "$work"' EXIT
else
  mkdir -p "$work"
  trap 'stop_cluster' EXIT
fi
log() { echo "submit-check: $*" >&2; }
fail() {
  # the default work folder is removed on exit: show the ends of the logs that explain the failure first
  for f in "$work"/master.log "$work"/worker*.log "$work"/submit.log; do
    [ -f "$f" ] && { echo "--- end of $f" >&2; tail -n 20 "$f" >&2; }
  done
  log "FAILED: $*"
  exit 1
}

# ./rnnkit (re)builds the CLI jar when it is missing or older than the sources
"$here/rnnkit" --version >/dev/null || fail "could not build the CLI jar (./rnnkit --version)"
spark_version="$(sed -n 's:.*<spark.version>\(.*\)</spark.version>.*:\1:p' "$here/pom.xml")"

# A Spark home in a distribution's layout, from the jars Maven resolves for spark-core
mkdir -p "$work/resolve" "$work/spark-home/jars" "$work/spark-home/conf"
cat >"$work/resolve/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>rnnkit.check</groupId><artifactId>spark-home</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.spark</groupId><artifactId>spark-core_2.12</artifactId><version>$spark_version</version></dependency>
    <!-- a distribution ships SLF4J 2 (log4j-slf4j2-impl's API); Maven's nearest-wins picks 1.7 -->
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>2.0.7</version></dependency>
  </dependencies>
</project>
EOF
log "resolving Spark $spark_version's jars with mvn"
(cd "$work/resolve" && mvn -q -B dependency:build-classpath -Dmdep.outputFile=cp.txt) >&2 \
  || fail "mvn could not resolve spark-core_2.12:$spark_version"
IFS=: read -r -a spark_jars <"$work/resolve/cp.txt" || true   # one line, no newline at its end
for j in "${spark_jars[@]}"; do ln -sf "$j" "$work/spark-home/jars/"; done
touch "$work/spark-home/RELEASE"
export SPARK_HOME="$work/spark-home" SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=127.0.0.1 OMP_NUM_THREADS=1
opens=()
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
         java.util.concurrent.atomic sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  opens+=("--add-opens=java.base/$p=ALL-UNNAMED")
done
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port="$(free_port)"
master="spark://127.0.0.1:$port"
java -Xmx512m "${opens[@]}" -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.master.Master --host 127.0.0.1 \
  --port "$port" --webui-port "$(free_port)" >"$work/master.log" 2>&1 &
pids+=($!)
for w in 1 2; do
  java -Xmx512m "${opens[@]}" -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 \
    --cores 1 --memory 2g --webui-port "$(free_port)" --work-dir "$work/worker$w" "$master" >"$work/worker$w.log" 2>&1 &
  pids+=($!)
done
for _ in $(seq 60); do
  [ "$(cat "$work"/worker*.log 2>/dev/null | grep -c 'Successfully registered with master')" -eq 2 ] && break
  sleep 1
done
[ "$(cat "$work"/worker*.log | grep -c 'Successfully registered with master')" -eq 2 ] \
  || fail "the two workers did not register with $master within 60 s"
log "cluster up at $master; submitting"

cat "$here/README.md" "$here"/docs/*.md >"$work/all.txt"
head -c 150000 "$work/all.txt" >"$work/text.txt"
java -Xmx2g "${opens[@]}" -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit --master "$master" \
  --class io.github.rnnkit.cli.RnnkitCli --driver-java-options "--add-modules jdk.incubator.vector" \
  --conf spark.executor.extraJavaOptions="--add-modules jdk.incubator.vector" \
  --conf spark.executorEnv.OMP_NUM_THREADS=1 --executor-memory 1g \
  "$jar" train charlm --text "$work/text.txt" --spark "$master" --spark-workers 2 --hidden 64 --layers 1 \
  --epochs 2 --batch 16 -o "$work/charlm.zip" >"$work/submit.log" 2>&1 \
  || fail "spark-submit failed"
executors="$(grep -o 'Finished task .* (executor [0-9]*)' "$work/submit.log" | grep -o 'executor [0-9]*' | sort -u | wc -l)"
[ "$executors" -eq 2 ] || fail "tasks ran on $executors executor(s), not 2"
grep 'training stopped' "$work/submit.log" >&2
info="$(java -jar "$jar" info "$work/charlm.zip")"
grep -q "trained in:  Spark $spark_version $master" <<<"$info" || fail "the bundle does not say where it was trained: $info"
log "OK: the CLI jar trained on $master through SparkSubmit, tasks on both executors, the bundle loads and says so"
