#!/usr/bin/env bash
# CPU and heap profiles of the built binary, for docs/performance.md. Not a bench: timings under a
# profiler are inflated; the profiles say where the time and the memory go, not how long it takes.
#
#   npm run build && bench/profile.sh OUT_DIR [PODS]      (PODS: 10000 by default)
#
# Starts the scaled demo world in its own process (bench/lib/world-server.ts: PODS pods, 500
# Applications, a 200-item issue), then, each under `node --cpu-prof` (and --heap-prof for the
# console session):
#   gate/     three `gate --json` runs
#   console/  the console in a 200x50 tmux pane: until its full frame, IDLE_S seconds idle, then
#             KEYS keys (j×12 k×12 ^F ^B G g Tab j×4 k×4 1, 40 ms apart), then q
#   demo/     `demo` until its full frame, then q
# and prints the top self-time functions of each (bench/cpuprofile-top.mjs; the idle and key windows
# are cut from the console profile with --from/--to, whose bounds it prints).
set -euo pipefail
OUT=${1:?usage: bench/profile.sh OUT_DIR [PODS]}
PODS=${2:-10000}
IDLE_S=${IDLE_S:-30}
KEYS=${KEYS:-300}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH="$root/node_modules/.bin:$PATH"
mkdir -p "$OUT"/{gate,console,demo}
sock="hc-prof-$$"
ms() { date +%s%3N; }

# The world: its stdin is a fifo held open by this script; closing it stops the world.
fifo="$OUT/world.stdin"
rm -f "$fifo" && mkfifo "$fifo"
node bench/run.mjs idle --world-server "$PODS" 500 200 0 <"$fifo" >"$OUT/world.json" 2>"$OUT/world.err" &
world=$!
exec 3>"$fifo"
cleanup() {
  tmux -L "$sock" kill-server 2>/dev/null || true
  exec 3>&- || true
  wait "$world" 2>/dev/null || true
}
trap cleanup EXIT
until [ -s "$OUT/world.json" ]; do sleep 0.5; done
conn=$(cat "$OUT/world.json")
get() { node -e "process.stdout.write(JSON.parse(process.argv[1])[process.argv[2]])" "$conn" "$1"; }
export KUBECONFIG=$(get kubeconfigPath) GITEA_URL=$(get giteaUrl) GITEA_TOKEN=$(get token) HOMELAB_CONSOLE_CONFIG=/nonexistent/config.yaml

echo "== gate --json at $PODS pods (3 runs)"
for _ in 1 2 3; do node --cpu-prof --cpu-prof-dir="$OUT/gate" dist/main.js gate --json >/dev/null || true; done
node bench/cpuprofile-top.mjs "$(ls "$OUT"/gate/*.cpuprofile | tail -1)"

full() { tmux -L "$sock" capture-pane -p -t p | grep -q 'HEALTH_' && ! tmux -L "$sock" capture-pane -p -t p | grep -qiE 'syncing|waiting|loading'; }
session() { # NAME ARGS…: runs dist/main.js ARGS in the pane under the profilers
  local name=$1
  shift
  tmux -L "$sock" -f /dev/null new-session -d -s p -x 200 -y 50 \
    -e TERM=xterm-256color -e CI=false -e KUBECONFIG="$KUBECONFIG" -e GITEA_URL="$GITEA_URL" -e GITEA_TOKEN="$GITEA_TOKEN" \
    -e HOMELAB_CONSOLE_CONFIG=/nonexistent/config.yaml \
    node --cpu-prof --cpu-prof-dir="$OUT/$name" --heap-prof --heap-prof-dir="$OUT/$name" dist/main.js "$@"
  started=$(ms)
  until full; do sleep 0.2; done
  fullAt=$(ms)
  echo "$name: full frame $((fullAt - started)) ms after start (under the profiler; polled every 200 ms)"
}
quit() {
  tmux -L "$sock" send-keys -t p q
  sleep 1
  tmux -L "$sock" send-keys -t p y 2>/dev/null || true
  while tmux -L "$sock" has-session -t p 2>/dev/null; do sleep 0.2; done
}

echo "== console at $PODS pods: idle ${IDLE_S} s, then $KEYS keys"
session console console --repo ops/homelab --issue 42
sleep "$IDLE_S"
idleEnd=$(ms)
cycle=(j j j j j j j j j j j j k k k k k k k k k k k k C-f C-b G g Tab j j j j k k k k 1)
for ((i = 0; i < KEYS; i++)); do
  tmux -L "$sock" send-keys -t p "${cycle[i % ${#cycle[@]}]}"
  sleep 0.04
done
keysEnd=$(ms)
quit
p=$(ls "$OUT"/console/*.cpuprofile | tail -1)
echo "-- idle window"
node bench/cpuprofile-top.mjs "$p" --from $((fullAt - started + 2000)) --to $((idleEnd - started))
echo "-- key window"
node bench/cpuprofile-top.mjs "$p" --from $((idleEnd - started)) --to $((keysEnd - started))

echo "== demo until its full frame"
session demo demo
quit
node bench/cpuprofile-top.mjs "$(ls "$OUT"/demo/*.cpuprofile | tail -1)" --to $((fullAt - started))
