#!/usr/bin/env bash
# The workstation's speed targets, measured the way a person meets them, on a dev stack holding
# 10,000 sessions plus one of 2,000 messages (1,000 exchanges) and 25 newer small ones:
#   - cold start: a new JVM to the sessions list filled (logged by the app, from JVM start);
#   - opening the 2,000-message session: first screen, and the whole session read and verified,
#     in a fresh JVM and again once warm (logged by the replay).
# The app runs under Xvfb and is driven with xdotool (installed when missing). ~6 minutes.
# Usage: bench/workstation-bench.sh [sessions] [runs]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
sessions=${1:-10000}
runs=${2:-3}

if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
need=""
for tool in xvfb-run:xvfb xdotool:xdotool; do
  command -v "${tool%%:*}" >/dev/null || need="$need ${tool#*:}"
done
if [ -n "$need" ]; then
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $need libgtk-3-0
fi

export PROCTOR_HOME
PROCTOR_HOME=$(mktemp -d /tmp/proctor-bench-XXXX)
./proctor build
./proctor dev-stack --sample-traffic "$sessions" >"$PROCTOR_HOME/stack.log" 2>&1 &
stack=$!
trap 'kill $stack 2>/dev/null || true' EXIT
until grep -q "is running" "$PROCTOR_HOME/stack.log"; do
  kill -0 $stack 2>/dev/null || { cat "$PROCTOR_HOME/stack.log"; exit 1; }
  sleep 1
done

gateway=http://127.0.0.1:8080/c/sim-openai/v1/chat/completions
dave=$(./proctor dev-token dave)
alice=$(./proctor dev-token alice)
echo "making the 2,000-message session (1,000 calls through the gateway)..."
for i in $(seq 1 1000); do
  curl -s -o /dev/null "$gateway" -H "Authorization: Bearer $dave" -H 'Content-Type: application/json' \
    -H 'X-Proctor-Session: long-refactor-marathon' \
    -H 'x-sim-reply: Step done. Next: `make test` passes; moving on to the **next module**.' \
    -d "{\"model\":\"sim-1\",\"messages\":[{\"role\":\"user\",\"content\":\"marathon step $i: refactor module $i\"}]}"
done
for i in $(seq 1 25); do # newer than the long one, so it is not among the rows read ahead
  curl -s -o /dev/null "$gateway" -H "Authorization: Bearer $alice" -H 'Content-Type: application/json' \
    -H "X-Proctor-Session: small-$i" \
    -d "{\"model\":\"sim-1\",\"messages\":[{\"role\":\"user\",\"content\":\"small question $i\"}]}"
done
sleep 3
./proctor sync 2>/dev/null

await() { # file, pattern
  for _ in $(seq 1 300); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "timed out waiting for '$2' in $1" >&2; return 1
}

results="$PROCTOR_HOME/results.txt"
: >"$results"
# run 0 is the first start after the build: it records the JVM's ahead-of-time cache (see ./proctor)
for run in $(seq 0 "$runs"); do
  log="$PROCTOR_HOME/app-$run.log"
  xvfb-run -a -s "-screen 0 1400x820x24" bash -c "
    ./proctor app >'$log' 2>&1 &
    app=\$! # the launcher execs the JVM: same process
    $(declare -f await)
    await '$log' 'sessions list interactive'
    search() { xdotool mousemove 300 75 click 1; xdotool key ctrl+a; xdotool type \"\$1\"; xdotool key Return; sleep 5; xdotool mousemove 450 125 click 1; }
    search marathon; await '$log' '(2,000 messages)'
    search small; sleep 2
    search marathon; sleep 4
    kill \$app
    while kill -0 \$app 2>/dev/null; do sleep 0.2; done # a first start writes its AOT cache on exit" || true
  if [ "$run" = 0 ]; then
    grep -a -o "interactive [0-9,]* ms after the JVM started" "$log" | head -1 | tr -dc '0-9\n' | sed 's/^/first-start /' >>"$results"
    continue
  fi
  grep -a -o "interactive [0-9,]* ms after the JVM started" "$log" | head -1 | tr -dc '0-9\n' | sed 's/^/start /' >>"$results"
  grep -a -o "first screen of [0-9A-Z]* in [0-9,]* ms" "$log" | sed 's/.* in //; s/ ms//; s/,//g' | sed 's/^/first /' >>"$results"
  grep -a -o "(2,000 messages) in [0-9,]* ms" "$log" | sed 's/.* in //; s/ ms//; s/,//g' | sed 's/^/whole /' >>"$results"
done

echo
echo "workstation, $sessions sessions indexed, $runs runs (cold = a new JVM; warm = the same session again)"
python3 - "$results" <<'PY'
import sys, statistics, collections
values = collections.defaultdict(list)
for line in open(sys.argv[1]):
    kind, ms = line.split()
    values[kind].append(int(ms))
def show(label, xs, target):
    if xs:
        print(f"  {label:<46} median {statistics.median(xs):>6.0f} ms  (runs {xs})  target {target}")
show("first start after a build (records the AOT cache)", values["first-start"], "")
show("cold start to the sessions list", values["start"], "<= 2000 ms")
first, whole = values["first"], values["whole"]
show("2,000-message session, first screen, cold", first[0::2], "<= 500 ms")
show("2,000-message session, whole and verified, cold", whole[0::2], "<= 500 ms")
show("2,000-message session, first screen, warm", first[1::2], "<= 500 ms")
show("2,000-message session, whole and verified, warm", whole[1::2], "<= 500 ms")
PY
