#!/usr/bin/env bash
# Proctor's secret scanner beside gitleaks 8.16: recall on planted secrets, false positives on the
# JDK 17 sources, and throughput per core (JMH for Proctor, GOMAXPROCS=1 for gitleaks).
# Installs openjdk-17-source and gitleaks 8.16 (Debian trixie .deb, extracted, not installed) when
# missing. Takes ~10 minutes on 2 cores.
# Usage: bench/scanner-bench.sh [-Dbench.samples=3]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. .mvn/jdk.sh
proctor_select_jdk

if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
jdk_sources=/usr/lib/jvm/openjdk-17/lib/src.zip
if [ ! -f "$jdk_sources" ]; then
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq openjdk-17-source
fi

tools="$root/bench/target/tools"
gitleaks="$tools/gitleaks/usr/bin/gitleaks"
if [ ! -x "$gitleaks" ]; then
  # gitleaks 8.16 is packaged in trixie, not bookworm: fetch that one .deb with a private apt state.
  apt_root="$tools/apt"
  mkdir -p "$apt_root/sources" "$apt_root/lists/partial" "$apt_root/cache/archives/partial"
  cat >"$apt_root/sources/trixie.sources" <<SOURCES
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  apt_opts=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$apt_root/sources"
    -o "Dir::State::Lists=$apt_root/lists" -o "Dir::Cache=$apt_root/cache"
    -o APT::Sandbox::User=root)
  apt-get "${apt_opts[@]}" update -qq
  (cd "$tools" && apt-get "${apt_opts[@]}" download gitleaks=8.16.0-1+b12)
  dpkg-deb -x "$tools"/gitleaks_8.16.0-1+b12_amd64.deb "$tools/gitleaks"
fi

./mvnw -B -q -DskipTests install
(cd bench && ../mvnw -B -q -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/cp.txt)
exec "$JAVA_HOME/bin/java" -Xmx6g "$@" -Dbench.gitleaks="$gitleaks" -Dbench.jdkSources="$jdk_sources" \
  -cp "bench/target/classes:$(cat bench/target/cp.txt)" dev.proctor.bench.scanner.ScannerComparison
