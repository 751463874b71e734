#!/bin/sh
# Builds the two Debian packages with jpackage (JDK 25) into installers/target/deb/:
#   proctor-gateway_<v>_amd64.deb      the gateway, its own runtime, a systemd unit, config in
#                                      /etc/proctor, data in /var/lib/proctor, user `proctor`
#   proctor-workstation_<v>_amd64.deb  the review workstation, a jlinked runtime with JavaFX,
#                                      a desktop entry and an icon; depends on libgtk-3-0
# Needs the modules built (`./mvnw package`, which also assembles installers/target/proctor-gateway)
# plus fakeroot and dpkg-deb. `./proctor package` builds and then runs this.
set -eu
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
ROOT=$(dirname -- "$HERE")
. "$ROOT/.mvn/jdk.sh"
proctor_select_jdk
VERSION=0.1.0
WORK="$HERE/target/jpackage"
OUT="$HERE/target/deb"
MAINTAINER=proctor@example.com
# no jmods in Temurin 25: jlink links from the running JDK's own image (JEP 493)
BASE_MODULES=java.se,jdk.unsupported,jdk.crypto.ec,jdk.zipfs,jdk.management,jdk.net,jdk.localedata

for tool in fakeroot dpkg-deb; do
  command -v "$tool" >/dev/null || { echo "build-debs: $tool is missing (apt-get install -y fakeroot dpkg-dev)" >&2; exit 1; }
done
[ -f "$HERE/target/proctor-gateway/proctor-gateway.jar" ] || {
  echo "build-debs: build first: ./mvnw -DskipTests package" >&2; exit 1; }
rm -rf "$WORK" "$OUT"
mkdir -p "$WORK" "$OUT"

echo "build-debs: gateway runtime and package..." >&2
# a server runtime: java.desktop stays (java.beans), its X11, sound and splash libraries do not,
# so the package does not depend on X11 or ALSA
"$JAVA_HOME/bin/jlink" --add-modules "$BASE_MODULES" --strip-debug --no-header-files \
  --no-man-pages --compress=zip-6 --output "$WORK/gateway-runtime" \
  --exclude-files='**libawt_xawt.so,**libjawt.so,**libsplashscreen.so,**libjsound.so'
rm -rf "$WORK/gateway-runtime/bin/jrunscript" "$WORK/gateway-runtime/bin/rmiregistry"
mkdir -p "$WORK/gateway-input"
cp -r "$HERE/target/proctor-gateway/." "$WORK/gateway-input/"
cp "$HERE/src/main/deploy/proctor-gateway.service" "$WORK/gateway-input/"
"$JAVA_HOME/bin/jpackage" --type deb --dest "$OUT" \
  --name proctor-gateway --app-version "$VERSION" --vendor "Proctor maintainers" \
  --description "Proctor gateway: an access gateway for AI coding agents that records every exchange" \
  --input "$WORK/gateway-input" --main-jar proctor-gateway.jar --main-class dev.proctor.gateway.Main \
  --runtime-image "$WORK/gateway-runtime" --install-dir /opt \
  --java-options "$(grep -v '^#' "$ROOT/gateway-helidon/src/main/jvm/gateway.options" | xargs)" \
  --resource-dir "$HERE/src/main/deb/gateway" \
  --linux-package-deps adduser \
  --linux-package-name proctor-gateway --linux-deb-maintainer "$MAINTAINER" --linux-app-category net

echo "build-debs: workstation runtime and package..." >&2
APP_CP=$(cat "$ROOT/review-app/target/runtime-classpath.txt")
FX_MODULES=$(echo "$APP_CP" | tr ':' '\n' | grep -E '/javafx-[a-z]+-[0-9.]+-linux\.jar$' | paste -sd: -)
"$JAVA_HOME/bin/jlink" --module-path "$FX_MODULES" --add-modules "$BASE_MODULES,javafx.controls" \
  --strip-debug --no-header-files --no-man-pages --compress=zip-6 --output "$WORK/app-runtime"
mkdir -p "$WORK/app-input"
# the application's jars; JavaFX is in the runtime
ls "$ROOT"/review-app/target/review-app-*.jar | grep -v -e '-tests\.jar$' -e '-sources\.jar$' | head -n 1 |
  xargs -I{} cp {} "$WORK/app-input/review-app.jar"
for jar in $(echo "$APP_CP" | tr ':' '\n' | grep -v '/javafx-'); do
  case "$jar" in
    "$ROOT"/*/target/classes) m=$(basename "$(dirname "$(dirname "$jar")")"); cp "$ROOT/$m/target/$m-$VERSION-SNAPSHOT.jar" "$WORK/app-input/" ;;
    *) cp "$jar" "$WORK/app-input/" ;;
  esac
done
cp "$HERE/src/main/deb/workstation/proctor.png" "$WORK/proctor-workstation.png"
cp "$HERE/src/main/deb/workstation/proctor-workstation.desktop" "$WORK/app-input/"
APP_OPTIONS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 --enable-native-access=javafx.graphics,ALL-UNNAMED"
"$JAVA_HOME/bin/jpackage" --type app-image --dest "$WORK/image" \
  --name proctor-workstation --app-version "$VERSION" --vendor "Proctor maintainers" \
  --input "$WORK/app-input" --main-jar review-app.jar --main-class dev.proctor.review.AppMain \
  --runtime-image "$WORK/app-runtime" --icon "$WORK/proctor-workstation.png" \
  --java-options "$APP_OPTIONS -XX:AOTCache=\$APPDIR/proctor.aot -Xlog:aot=off -Xlog:cds=off"
IMAGE="$WORK/image/proctor-workstation"
# The ahead-of-time cache (JDK 25) of a first start: recorded here, under Xvfb, with the image's
# own runtime and class path in the launcher's order; the JVM accepts it where the package
# installs the same jars. Without Xvfb the package is built without it (it starts ~1 s slower).
if command -v xvfb-run >/dev/null; then
  echo "build-debs: recording the workstation's start-up (AOT cache)..." >&2
  cp_line=$(sed -n 's/^app.classpath=//p' "$IMAGE/lib/app/proctor-workstation.cfg" |
    sed "s|\$APPDIR|$IMAGE/lib/app|" | paste -sd: -)
  train_home=$(mktemp -d)
  # shellcheck disable=SC2086 # APP_OPTIONS is a word list
  PROCTOR_HOME="$train_home" timeout 180 xvfb-run -a -s "-screen 0 1280x800x24" sh -c '
    "$0" $1 -XX:AOTCacheOutput="$2" -Xlog:aot=off -Xlog:cds=off -cp "$3" dev.proctor.review.AppMain >"$4" 2>&1 &
    app=$!
    for _ in $(seq 1 240); do grep -q "sessions list interactive" "$4" && break; sleep 0.25; done
    sleep 2; kill "$app"; wait "$app"' \
    "$IMAGE/lib/runtime/bin/java" "$APP_OPTIONS" "$IMAGE/lib/app/proctor.aot" "$cp_line" "$WORK/training.log" || true
  rm -rf "$train_home"
  [ -f "$IMAGE/lib/app/proctor.aot" ] || { echo "build-debs: the AOT cache was not recorded:" >&2; tail -n 20 "$WORK/training.log" >&2; exit 1; }
else
  echo "build-debs: xvfb-run is missing; the workstation package has no AOT cache" >&2
fi
"$JAVA_HOME/bin/jpackage" --type deb --dest "$OUT" --app-image "$IMAGE" \
  --name proctor-workstation --app-version "$VERSION" --vendor "Proctor maintainers" \
  --description "Proctor review workstation: search and replay AI coding agent sessions, triage secrets, approve access" \
  --install-dir /opt --resource-dir "$HERE/src/main/deb/workstation" \
  --linux-package-deps libgtk-3-0 \
  --linux-package-name proctor-workstation --linux-deb-maintainer "$MAINTAINER" --linux-app-category devel

ls -l "$OUT"
