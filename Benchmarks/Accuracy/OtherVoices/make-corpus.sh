#!/bin/sh
# Makes a second development corpus from other real voices, the same way the shared one is
# made, and scores a tonecoach binary on it. Not part of CI: it installs Debian packages of
# recorded prompts and builds about 35 MB of audio. See README.md ("Accuracy").
#
#   Benchmarks/Accuracy/OtherVoices/make-corpus.sh OUT [BINARY]
#
# OUT receives a copy of ../shared/devcorpus's generator and scorer with other-voices.diff
# applied (the voices swapped for ones the shared corpus does not use: Allison and Menardi,
# July E. Jimenez and Armelle as female voices, codec2's test recordings as male ones; seed,
# sets and conditions unchanged), the corpus in OUT/corpus, and, with BINARY, the score in
# OUT/score.json and OUT/score.log. Needs root for apt-get; Python packages go into OUT/venv.
set -eu
OUT=${1:?usage: make-corpus.sh OUT [BINARY]}
BINARY=${2:-}
HERE=$(cd "$(dirname "$0")" && pwd)
SHARED=${DEVCORPUS:-$HERE/../../../../shared/devcorpus}
[ -f "$SHARED/make_dev_corpus.py" ] || { echo "make-corpus.sh: no development corpus generator at $SHARED" >&2; exit 1; }
apt-get install -y --no-install-recommends sox gcc libebur128-dev libsndfile1-dev espeak-ng codec2-examples \
  asterisk-core-sounds-en-wav asterisk-prompt-it-menardi-wav asterisk-prompt-es-co asterisk-prompt-fr-armelle >/dev/null
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
cp "$SHARED/make_dev_corpus.py" "$SHARED/corpus_lib.py" "$SHARED/score.py" "$OUT/"
[ -d "$SHARED/tools" ] && cp -r "$SHARED/tools" "$OUT/"
patch --quiet -d "$OUT" -p1 < "$HERE/other-voices.diff"
# Two voices ship only as GSM: decoded once to 8 kHz 16-bit WAV, where the generator reads them.
export ALT_GSM_DIR="$OUT/gsm-decoded"
mkdir -p "$ALT_GSM_DIR"
for f in /usr/share/asterisk/sounds/es/*.gsm /usr/share/asterisk/sounds/fr/*.gsm; do
  sox "$f" -r 8000 -b 16 -e signed-integer "$ALT_GSM_DIR/$(basename "$(dirname "$f")")_$(basename "$f" .gsm).wav"
done
[ -x "$OUT/venv/bin/python" ] || { python3 -m venv "$OUT/venv" && "$OUT/venv/bin/pip" install --quiet numpy scipy soundfile pyworld pyloudnorm; }
DEVCORPUS_OUT="$OUT/corpus" DEVCORPUS_BUILD="$OUT/build" "$OUT/venv/bin/python" "$OUT/make_dev_corpus.py"
if [ -n "$BINARY" ]; then
  env -u DEVCORPUS "$OUT/venv/bin/python" "$OUT/score.py" "$BINARY" --json-out "$OUT/score.json" > "$OUT/score.log" 2>&1
  sed -n '/== tonecoach development-corpus score ==/,$p' "$OUT/score.log"
fi
