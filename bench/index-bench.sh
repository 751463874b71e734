#!/usr/bin/env bash
# Proctor's index beside plain Lucene (StandardAnalyzer) in one run: ingest rate (messages/s) and
# search latency p50/p99 on 1,000,000 messages. Answers are cut from the JDK's java.base sources
# (openjdk-17-source, installed when missing). Takes ~10 minutes on 2 cores; the 1M-message
# indexes are kept under bench/target/index-bench and reused by later runs.
# Usage: bench/index-bench.sh [-Dbench.searchMessages=1000000] [-Dbench.rounds=3]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. .mvn/jdk.sh
proctor_select_jdk

if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
if [ ! -f /usr/lib/jvm/openjdk-17/lib/src.zip ]; then
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq openjdk-17-source
fi

./mvnw -B -q -DskipTests install
(cd bench && ../mvnw -B -q -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/cp.txt)
# A fixed, pre-touched heap: growing it costs page faults that land on whichever side runs then.
exec "$JAVA_HOME/bin/java" -Xms8g -Xmx8g -XX:+AlwaysPreTouch -XX:+UseParallelGC "$@" \
  -cp "bench/target/classes:$(cat bench/target/cp.txt)" dev.proctor.bench.index.IndexBench
