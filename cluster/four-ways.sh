#!/usr/bin/env bash
# Runs one grid four ways into OUT/{local,shards,spark-local,spark-standalone} and prints each way's wall time and
# the digest of its results.csv values (docs/cluster.md): the local runner (2 workers), 2 shards as separate
# processes + --collect, flowmatch-spark on local[2], and spark-submit of the assembly jar to a Spark standalone
# cluster on 127.0.0.1 (a master and two 1-core workers, started here from Spark's jars). FLOWMATCH_THREADS=1
# everywhere: results depend on the thread count. Needs `mvn -Pspark -pl spark -am package -DskipTests` first.
#   cluster/four-ways.sh cluster/small-grid.yaml /tmp/four-ways
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
grid="$(realpath "${1:?usage: four-ways.sh GRID.yaml OUT}")"
out="$(realpath -m "${2:?usage: four-ways.sh GRID.yaml OUT}")"
mkdir -p "$out"
export FLOWMATCH_THREADS=1 OMP_NUM_THREADS=1
fm="$root/flowmatch"
assembly="$root/spark/target/flowmatch-spark-0.1.0-SNAPSHOT-assembly.jar"
[ -f "$assembly" ] || { echo "four-ways.sh: build first: mvn -Pspark -pl spark -am package -DskipTests" >&2; exit 2; }
"$fm" --version >/dev/null   # builds the launcher's jar if needed, outside the timings

timed() { # NAME COMMAND...: runs, logs to OUT/NAME.log, prints the wall time
  local name="$1"; shift
  local t0; t0=$(date +%s.%N)
  "$@" > "$out/$name.log" 2>&1
  printf '%-17s %7.1f s  ' "$name" "$(awk "BEGIN { print $(date +%s.%N) - $t0 }")"
}
digest() { "$fm" ablate "$grid" --out "$out/$1" --collect | grep 'values sha256' | cut -d' ' -f4; }

ways="${WAYS:-local shards spark-local spark-standalone}"   # WAYS="spark-standalone" runs one of them
run() { [[ " $ways " == *" $1 "* ]]; }

run local && { timed local "$fm" ablate "$grid" --out "$out/local" --workers 2; digest local; }

shards() {
  "$fm" ablate "$grid" --out "$out/shards" --shard 1/2 > "$out/shard-1.log" 2>&1 & local a=$!
  "$fm" ablate "$grid" --out "$out/shards" --shard 2/2 > "$out/shard-2.log" 2>&1 & local b=$!
  wait $a && wait $b && "$fm" ablate "$grid" --out "$out/shards" --collect
}
run shards && { timed shards shards; digest shards; }

run spark-local && { timed spark-local "$root/flowmatch-spark" ablate "$grid" --master 'local[2]' \
  --out "$out/spark-local"; digest spark-local; }
run spark-standalone || exit 0

# A standalone cluster: SPARK_HOME/jars holds spark-core's dependency closure, as a Spark distribution does (the
# provided jars, and those it shares with flowmatch: slf4j, guava...), not flowmatch's own (ND4J, Guice, ...),
# which executors get from the assembly jar.
home="$out/spark-home"; mkdir -p "$home/jars"
{ tr ':' '\n' < "$root/spark/target/spark-classpath.txt"
  tr ':' '\n' < "$root/spark/target/classpath.txt" | grep -vE \
    'flowmatch|/org/(nd4j|deeplearning4j|bytedeco)/|guice|picocli|snakeyaml|commons-math3|aopalliance|jakarta.inject'
} | xargs -I{} ln -sf {} "$home/jars/"
opens="-XX:+IgnoreUnrecognizedVMOptions"
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
    java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  opens="$opens --add-opens=java.base/$p=ALL-UNNAMED"
done
export SPARK_HOME="$home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
port=$((7000 + RANDOM % 1000))
java -Xmx512m $opens -cp "$home/jars/*" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port $port \
  --webui-port $((port + 1000)) > "$out/master.log" 2>&1 & pids=($!)
sleep 8
for w in 1 2; do
  java -Xmx512m $opens -cp "$home/jars/*" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 \
    --memory 4g --work-dir "$out/worker-$w" --webui-port $((port + 1000 + w)) "spark://127.0.0.1:$port" \
    > "$out/worker-$w.log" 2>&1 & pids+=($!)
done
trap 'kill "${pids[@]}" 2>/dev/null' EXIT
sleep 8
timed spark-standalone java -Xmx2g $opens -Dspark.driver.host=127.0.0.1 -cp "$home/jars/*" \
  org.apache.spark.deploy.SparkSubmit --master "spark://127.0.0.1:$port" --class org.flowmatch.spark.SparkMain \
  --conf spark.executor.cores=1 --conf spark.cores.max=2 --conf spark.executor.memory=1g \
  --conf spark.scheduler.minRegisteredResourcesRatio=1.0 \
  "$assembly" ablate "$grid" --threads 1 --out "$out/spark-standalone"; digest spark-standalone
