#!/usr/bin/env bash
# Renders the after-call report of a call (default: the example call) in headless Chromium and
# checks that the screenshot is not blank (a real page: many non-white pixels, several colours).
# With a third argument, also checks the report names that text (an event of the call).
# CI runs it. Usage: report-screenshot.sh [TONECOACH] [CALL.wav] [TEXT] [PNG-to-keep]
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tonecoach=${1:-.build/debug/tonecoach}
call=${2:-Tests/Fixtures/example-call.wav}
"$tonecoach" report "$call" -o "$work/report.html"
if [ -n "${3:-}" ] && ! grep -qF "$3" "$work/report.html"; then
    echo "report-screenshot: the report of $call does not name \"$3\"" >&2
    exit 1
fi
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "report-screenshot: chromium is not installed (apt-get install chromium)" >&2; exit 1; }
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1100,1900 \
    --screenshot="$work/report.png" "file://$work/report.html" >/dev/null 2>&1
python3 - "$work/report.png" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, width, height, colour = 8, b"", 0, 0, 0
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        width, height, depth, colour = struct.unpack(">IIBB", body[:10])
        assert depth == 8, "expected 8-bit channels"
    elif kind == b"IDAT":
        idat += body
    pos += 12 + length
channels = {2: 3, 6: 4}[colour]
raw = zlib.decompress(idat)
stride = width * channels
rows, previous = [], bytearray(stride)
offset = 0
for _ in range(height):
    kind, line = raw[offset], bytearray(raw[offset + 1:offset + 1 + stride])
    offset += 1 + stride
    for i in range(stride):
        left = line[i - channels] if i >= channels else 0
        up = previous[i]
        corner = previous[i - channels] if i >= channels else 0
        if kind == 1: line[i] = (line[i] + left) & 255
        elif kind == 2: line[i] = (line[i] + up) & 255
        elif kind == 3: line[i] = (line[i] + (left + up) // 2) & 255
        elif kind == 4:
            p = left + up - corner
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
            line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
    rows.append(bytes(line))
    previous = line
pixels = [row[i:i + 3] for row in rows[::4] for i in range(0, stride, channels * 4)]
non_white = sum(1 for p in pixels if min(p) < 235) / len(pixels)
colours = len(set(pixels))
print(f"report-screenshot: {width}x{height}, {non_white * 100:.1f} % non-white, {colours} colours")
assert non_white > 0.05 and colours > 20, "the screenshot looks blank"
PY
[ -z "${4:-}" ] || cp "$work/report.png" "$4"
echo "report-screenshot: the report of $call renders (screenshot checked non-blank)"
