#!/usr/bin/env bash
# Runs the side-by-side proxy benchmark (direct, Proctor gateway, nginx, Portkey) and prints the table.
# Usage: bench/gateway-bench.sh [-Dbench.rate=500 -Dbench.measure=20 ...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. .mvn/jdk.sh
proctor_select_jdk

need=()
command -v nginx >/dev/null || need+=(nginx-light)
command -v wrk >/dev/null || need+=(wrk)
command -v npx >/dev/null || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi

./mvnw -B -q -DskipTests install
(cd bench && ../mvnw -B -q -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/cp.txt)
exec "$JAVA_HOME/bin/java" "$@" -cp "bench/target/classes:$(cat bench/target/cp.txt)" dev.proctor.bench.GatewayBench
