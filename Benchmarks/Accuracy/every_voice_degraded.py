#!/usr/bin/env python3
"""Every dev-corpus voice in babble and on the telephone: a wider check than the corpus's own.

  python3 Benchmarks/Accuracy/every_voice_degraded.py DEVCORPUS BINARY RESULT.json

The development corpus degrades one recording per condition: babble noise and the G.711
telephone band are each measured on one or three of its 20 clean pitch files. One file says
little about a condition: a change that moves four frames of it moves its figure by 0.4 %.
This script degrades all 20 the same way, in a temporary folder, and scores BINARY on them
with the corpus's own scorer (DEVCORPUS/score.py, pointed at the new files through the
DEVCORPUS environment variable it reads), writing its JSON to RESULT.json:

- babble at 10 dB SNR: four streams of other talkers (the ×1.0 files whose recordings share
  no speaker with the file, taken in turn, each at the same active level, each from a seeded
  random offset), scaled so that the speech's mean power inside its truth segments is 10 dB
  above the babble's mean power, as the corpus defines SNR. A speaker is a source recording's
  prefix in the truth's speech segments (it_, fr_, ru_, codec2_): the corpus builds its voices
  from two or three recordings each, and the 16 and 8 kHz voices of one sex share speakers;
- telephone: a 4th-order Butterworth band-pass 300-3400 Hz (zero-phase), 8 kHz, G.711 µ-law.

The pitch truth is the clean file's, so GPE, VDE and FPE mean what they mean on the corpus.
Everything is seeded; the same corpus and binary give the same figures. Writes no audio
outside the temporary folder, which it removes. Needs numpy, scipy and soundfile.
"""
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import soundfile as sf
from scipy.signal import butter, resample_poly, sosfiltfilt

SEED = 20261201
SNR_DB = 10.0
TELEPHONE_BAND_HZ = (300.0, 3400.0)
BABBLE_STREAMS = 4


def read(corpus, entry, rate=None):
    """A corpus file as float64 and its rate: resampled to `rate` when given (8 or 16 kHz)."""
    x, fs = sf.read(str(corpus / entry["wav"]), dtype="float64")
    if rate is not None and rate != fs:
        x = resample_poly(x, rate, fs) if rate > fs else resample_poly(x, 1, fs // rate)
        fs = rate
    return x, fs


def active_rms(x, block):
    """RMS over blocks within 30 dB of the loudest: the level of speech, not of its pauses."""
    blocks = x[: len(x) // block * block].reshape(-1, block)
    power = np.mean(blocks**2, axis=1)
    return float(np.sqrt(np.mean(power[power > power.max() * 1e-3])))


def speakers(truth):
    """The speakers of a corpus file: its source recordings' prefixes (it_vm_options -> it)."""
    return {seg["source"].split("_")[0] for seg in truth["speech_segments"]}


def babble_for(corpus, entry, others, length, rng):
    """BABBLE_STREAMS other voices summed, each at unit active level, from random offsets."""
    rate = entry["fs"]
    mix = np.zeros(length)
    for k in range(BABBLE_STREAMS):
        stream, _ = read(corpus, others[k % len(others)], rate)
        stream = stream / active_rms(stream, rate // 100)
        while len(stream) < 2 * length:
            stream = np.concatenate([stream, stream])
        start = int(rng.integers(0, len(stream) - length))
        mix += stream[start : start + length]
    return mix


def telephone(x, rate):
    """Band-limited to the telephone band at 8 kHz, peak at most 0.7 (µ-law coding follows)."""
    band = butter(4, TELEPHONE_BAND_HZ, btype="bandpass", fs=rate, output="sos")
    y = sosfiltfilt(band, x)
    if rate != 8000:
        y = resample_poly(y, 1, rate // 8000)
    peak = np.max(np.abs(y))
    return y * (0.7 / peak) if peak > 0.7 else y


def build(corpus, out):
    """Writes the degraded files, their truth and a manifest into `out`; returns the file count."""
    manifest = json.loads((corpus / "manifest.json").read_text())["files"]
    clean = [e for e in manifest if e["set"] == "pitch"]
    truths = {e["wav"]: json.loads((corpus / e["truth"]).read_text()) for e in clean}
    rng = np.random.default_rng(SEED)
    entries = []
    (out / "robust").mkdir(parents=True)
    for entry in clean:
        truth = truths[entry["wav"]]
        others = [e for e in clean if "mod:x1.0" in e["tags"]
                  and not speakers(truths[e["wav"]]) & speakers(truth)]
        if not others:
            sys.exit(f"every_voice_degraded.py: no other talker for {entry['wav']}'s babble "
                     f"(every x1.0 file shares a speaker with it: {sorted(speakers(truth))})")
        x, rate = read(corpus, entry)
        inside = np.zeros(len(x), bool)
        for seg in truth["speech_segments"]:
            inside[int(seg["start_s"] * rate) : int(seg["end_s"] * rate)] = True
        babble = babble_for(corpus, entry, others, len(x), rng)
        gain = np.sqrt(np.mean(x[inside] ** 2) / (np.mean(babble**2) * 10 ** (SNR_DB / 10)))
        noisy = x + gain * babble
        if np.max(np.abs(noisy)) >= 0.99:
            noisy *= 0.98 / np.max(np.abs(noisy))
        name = Path(entry["wav"]).stem
        modification = [t for t in entry["tags"] if t.startswith("mod:")]
        for suffix, signal, file_rate, subtype, tags in [
            ("babble10dB", noisy, rate, "PCM_16", ["noise:babble", "snr:10"]),
            ("tel8k_ulaw", telephone(x, rate), 8000, "ULAW", ["telephone", "ulaw"]),
        ]:
            wav = f"robust/{name}_{suffix}.wav"
            sf.write(str(out / wav), signal, file_rate, subtype=subtype)
            degraded = dict(truth, wav=wav, set="robust", fs=file_rate, tags=modification + tags)
            degraded.pop("modification", None)
            (out / wav).with_suffix(".json").write_text(json.dumps(degraded))
            entries.append({"id": Path(wav).stem, "wav": wav, "truth": wav[:-4] + ".json",
                            "set": "robust", "fs": file_rate, "channels": 1,
                            "duration_s": entry["duration_s"], "encoding": subtype,
                            "tags": modification + tags, "has_f0": True})
    (out / "manifest.json").write_text(json.dumps({"generator": Path(__file__).name, "seed": SEED,
                                                   "files": entries}))
    return len(entries)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.split("\n\n")[1])
    corpus = Path(sys.argv[1]) / "corpus"
    binary, result = sys.argv[2], sys.argv[3]
    if not (corpus / "manifest.json").is_file():
        sys.exit(f"every_voice_degraded.py: no development corpus at {corpus} (manifest.json missing)")
    with tempfile.TemporaryDirectory(prefix="tonecoach-degraded-") as folder:
        count = build(corpus, Path(folder))
        print(f"every_voice_degraded.py: {count} files degraded from the corpus's clean pitch set", flush=True)
        env = dict(os.environ, DEVCORPUS=folder)
        scorer = [sys.executable, str(Path(sys.argv[1]) / "score.py"), binary, "--sets", "robust",
                  "--quiet", "--json-out", result]
        done = subprocess.run(scorer, env=env, stdout=subprocess.DEVNULL)
        if done.returncode != 0:
            sys.exit(f"every_voice_degraded.py: the scorer failed (status {done.returncode})")
    try:
        pitch = json.loads(Path(result).read_text())["pitch"]
    except (OSError, ValueError, KeyError) as error:
        sys.exit(f"every_voice_degraded.py: the scorer left no pitch figures in {result} ({error})")
    for condition, figures in pitch.items():
        print(f"  {condition:24} GPE {figures['GPE_pct']:.2f} %  VDE {figures['VDE_pct']:.2f} %  "
              f"FPE {figures['FPE_cents_std']:.1f} cents  ({figures['files']} files)")


if __name__ == "__main__":
    main()
