#!/usr/bin/env bash
# make load: CALLS concurrent AudioHook calls against a server pinned to one core.
set -euo pipefail
calls=${1:-400}; seconds=${2:-30}; wav=${3:-Tests/Fixtures/example-call.wav}
work=$(mktemp -d); trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
secret=$(head -c 32 /dev/urandom | base64)
printf 'load-key %s\n' "$secret" > "$work/keys"
port=$((20000 + RANDOM % 20000))
taskset -c 0 .build/release/tonecoach serve --listen 127.0.0.1:$port --api-keys "$work/keys" \
  --analysis-threads 1 --max-calls $((calls + 10)) 2> "$work/log" &
server=$!
for _ in $(seq 50); do grep -q "serving AudioHook" "$work/log" && break; sleep 0.1; done
idle=$(awk '/VmRSS/ {print $2}' /proc/$server/status)
taskset -c 1 python3 Benchmarks/Load/audiohook_client.py load "ws://127.0.0.1:$port/api/v1/audiohook/ws" \
  --key load-key --secret "$secret" --wav "$wav" --calls "$calls" --seconds "$seconds" > "$work/result" &
generator=$!
sleep $(awk "BEGIN {print $seconds * 0.8}")
busy=$(awk '/VmRSS/ {print $2}' /proc/$server/status)
cpu_before=$(awk '{print $14 + $15}' /proc/$server/stat)
sleep 5
cpu_after=$(awk '{print $14 + $15}' /proc/$server/stat)
wait $generator
python3 - "$work/result" "$idle" "$busy" "$calls" "$cpu_before" "$cpu_after" <<'PY'
import json, os, sys
result = json.load(open(sys.argv[1]))
idle, busy, calls = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
ticks = os.sysconf("SC_CLK_TCK")
result["server_core_share"] = round((int(sys.argv[6]) - int(sys.argv[5])) / ticks / 5, 2)
result["memory_per_call_mb"] = round((busy - idle) / 1024 / calls, 2)
print(json.dumps(result))
PY
