#!/usr/bin/env bash
# Proves the allocation gate can fail: adds one array allocation to the pitch stage's hot
# path, runs the gate on the pitch benchmark, and expects it to FAIL; then restores the file.
# Exit 0 means the gate caught the allocation. (make gate-selftest; CI runs it.)
set -uo pipefail
cd "$(dirname "$0")/.."
target=Sources/Prosody/PitchTracker.swift
backup=$(mktemp)
cp "$target" "$backup"
trap 'cp "$backup" "$target"; rm -f "$backup"' EXIT

python3 - "$target" <<'PY' || { echo "gate-selftest: could not inject the allocation" >&2; exit 1; }
import sys
path = sys.argv[1]
text = open(path).read()
anchor = "        pickCandidates()\n"
assert anchor in text, "anchor line not found in PitchTracker.swift"
text = text.replace(anchor, anchor + "        let injected = [Float](repeating: 0, count: 1 + candidateCount)  // gate self-test\n"
                    "        if injected.count > 99 { print(injected) }\n", 1)
open(path, "w").write(text)
PY

if swift package benchmark thresholds check --path Benchmarks/Thresholds/swift-6.3 --filter 'PitchHop16k' --no-progress; then
    echo "gate-selftest: the allocation gate did NOT fail with an allocation in the pitch stage" >&2
    exit 1
fi
echo "gate-selftest: the allocation gate failed, as it must, when the pitch stage allocates"
