#!/bin/sh
# Installs the two packages of build-debs.sh on this machine and runs them, as an operator would:
#  - proctor-gateway: dpkg -i, the systemd unit checked, its ExecStart run as its User with the
#    packaged default config, answering on /health and /admin/v1/health;
#  - proctor-workstation: dpkg -i, the menu entry checked, the installed launcher started under
#    Xvfb until its sessions list is up.
# Then both are purged again (--keep leaves them installed). Needs root; CI runs it after the tests.
set -eu
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
DEB="$HERE/target/deb"
KEEP=${1:-}
[ "$(id -u)" = 0 ] || { echo "check-debs: needs root (dpkg -i)" >&2; exit 1; }
LOG=$(mktemp -d)
fail() { echo "check-debs: FAILED: $*" >&2; for f in "$LOG"/*; do echo "--- $f" >&2; tail -n 20 "$f" >&2; done; exit 1; }

echo "check-debs: installing $(cd "$DEB" && ls ./*.deb | tr '\n' ' ')" >&2
dpkg -i "$DEB"/proctor-gateway_*.deb "$DEB"/proctor-workstation_*.deb >"$LOG/dpkg.log" 2>&1 || fail "dpkg -i"

# --- gateway
UNIT=/lib/systemd/system/proctor-gateway.service
[ -f "$UNIT" ] || fail "no systemd unit at $UNIT"
if command -v systemd-analyze >/dev/null; then systemd-analyze verify "$UNIT" || fail "systemd-analyze verify $UNIT"; fi
getent passwd proctor >/dev/null || fail "no user proctor"
for f in /etc/proctor/gateway.yaml /etc/proctor/policy.yaml /etc/proctor/secrets/fingerprint.key; do
  [ -f "$f" ] || fail "missing $f"
done
[ "$(stat -c %U /var/lib/proctor/spool)" = proctor ] || fail "/var/lib/proctor/spool is not the proctor user's"
user=$(sed -n 's/^User=//p' "$UNIT")
exec_start=$(sed -n 's/^ExecStart=//p' "$UNIT")
echo "check-debs: starting the gateway as $user: $exec_start" >&2
# shellcheck disable=SC2086 # the unit's command line, split as systemd splits it
runuser -u "$user" -- $exec_start >"$LOG/gateway.log" 2>&1 &
gateway=$!
ok=""
for _ in $(seq 1 60); do
  if [ "$(curl -s http://127.0.0.1:8080/health || true)" = ok ]; then ok=1; break; fi
  kill -0 "$gateway" 2>/dev/null || break
  sleep 0.5
done
[ -n "$ok" ] || fail "the packaged gateway did not answer on http://127.0.0.1:8080/health"
admin=$(curl -s http://127.0.0.1:8081/admin/v1/health)
echo "check-debs: gateway /health: ok; /admin/v1/health: $admin" >&2
# the packaged config names a bucket this machine cannot reach, so uploads may already be failing
case "$admin" in *'"status":"ok"'* | *'"status":"degraded"'*) ;; *) fail "admin health: $admin" ;; esac
pkill -TERM -P "$gateway" 2>/dev/null || true
kill "$gateway" 2>/dev/null || true
wait "$gateway" 2>/dev/null || true

# --- workstation
[ -f /usr/share/applications/proctor-workstation.desktop ] || fail "no menu entry"
[ -f /usr/share/icons/hicolor/256x256/apps/proctor-workstation.png ] || fail "no icon"
dpkg-query -W -f='${Depends}' proctor-workstation | grep -q libgtk-3-0 || fail "no dependency on libgtk-3-0"
if command -v xvfb-run >/dev/null; then
  home=$(mktemp -d)
  PROCTOR_HOME="$home" timeout 120 xvfb-run -a -s "-screen 0 1280x800x24" sh -c '
    /opt/proctor-workstation/bin/proctor-workstation >"$0" 2>&1 &
    app=$!
    for _ in $(seq 1 240); do grep -q "sessions list interactive" "$0" && break; sleep 0.25; done
    kill "$app"; wait "$app" 2>/dev/null || true' "$LOG/workstation.log" || true
  grep -q "sessions list interactive" "$LOG/workstation.log" || fail "the installed workstation did not show its sessions list"
  echo "check-debs: workstation: $(grep -o 'sessions list interactive.*' "$LOG/workstation.log")" >&2
else
  echo "check-debs: xvfb-run is missing; the workstation was installed but not started" >&2
fi

if [ "$KEEP" != --keep ]; then
  dpkg --purge proctor-workstation proctor-gateway >"$LOG/purge.log" 2>&1 || fail "dpkg --purge"
  [ ! -e "$UNIT" ] || fail "the unit is still there after purge"
  [ ! -e /usr/share/applications/proctor-workstation.desktop ] || fail "the menu entry is still there after purge"
fi
echo "check-debs: both packages install and run" >&2
rm -rf "$LOG"
