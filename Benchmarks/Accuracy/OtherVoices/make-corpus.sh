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
# OUT/score.json and OUT/score.log. The shared generator is looked for at DEVCORPUS_ROOT
# (default ../shared/devcorpus beside the repository). Debian packages it lacks are
# installed (with sudo unless root); Python packages go into OUT/venv.
set -eu
OUT=${1:?usage: make-corpus.sh OUT [BINARY]}
BINARY=${2:-}
HERE=$(cd "$(dirname "$0")" && pwd)
SHARED=${DEVCORPUS_ROOT:-$HERE/../../../../shared/devcorpus}
[ -f "$SHARED/make_dev_corpus.py" ] || { echo "make-corpus.sh: no development corpus generator at $SHARED" >&2; exit 1; }
if [ -n "$BINARY" ] && [ ! -x "$BINARY" ]; then echo "make-corpus.sh: no executable tonecoach at $BINARY" >&2; exit 1; fi
PACKAGES="sox gcc libebur128-dev libsndfile1-dev espeak-ng codec2-examples asterisk-core-sounds-en-wav
  asterisk-prompt-it-menardi-wav asterisk-prompt-es-co asterisk-prompt-fr-armelle"
if ! dpkg -s $PACKAGES >/dev/null 2>&1; then
  SUDO=$( [ "$(id -u)" -eq 0 ] || echo sudo )
  $SUDO apt-get update >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends $PACKAGES >/dev/null
fi
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
cp "$SHARED/make_dev_corpus.py" "$SHARED/corpus_lib.py" "$SHARED/score.py" "$OUT/"
[ -d "$SHARED/tools" ] && cp -r "$SHARED/tools" "$OUT/"
# No fuzz: if the shared generator has changed where the voices are chosen, stop and say so.
patch --quiet --batch --forward --fuzz=0 -d "$OUT" -p1 < "$HERE/other-voices.diff" || {
  echo "make-corpus.sh: other-voices.diff no longer applies to $SHARED/make_dev_corpus.py; update the diff" >&2; exit 1; }
# Two voices ship only as GSM: decoded once to 8 kHz 16-bit WAV, where the generator reads them.
export ALT_GSM_DIR="$OUT/gsm-decoded"
mkdir -p "$ALT_GSM_DIR"
for f in /usr/share/asterisk/sounds/es/*.gsm /usr/share/asterisk/sounds/fr/*.gsm; do
  sox "$f" -r 8000 -b 16 -e signed-integer "$ALT_GSM_DIR/$(basename "$(dirname "$f")")_$(basename "$f" .gsm).wav"
done
"$OUT/venv/bin/python" -c 'import numpy, scipy, soundfile, pyworld, pyloudnorm' 2>/dev/null || {
  python3 -m venv "$OUT/venv"
  "$OUT/venv/bin/pip" install --quiet numpy==2.4.6 scipy==1.17.1 soundfile==0.14.0 pyworld==0.3.5 pyloudnorm==0.2.0; }
DEVCORPUS_OUT="$OUT/corpus" DEVCORPUS_BUILD="$OUT/build" "$OUT/venv/bin/python" "$OUT/make_dev_corpus.py"
if [ -n "$BINARY" ]; then
  env -u DEVCORPUS "$OUT/venv/bin/python" "$OUT/score.py" "$BINARY" --json-out "$OUT/score.json" > "$OUT/score.log" 2>&1 || {
    tail -n 20 "$OUT/score.log" >&2; echo "make-corpus.sh: the scorer failed; its log is $OUT/score.log" >&2; exit 1; }
  sed -n '/== tonecoach development-corpus score ==/,$p' "$OUT/score.log"
fi
