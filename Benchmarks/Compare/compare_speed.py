#!/usr/bin/env python3
"""How fast ToneCoach is next to the tools people would otherwise use, on the same recording,
on the same machine, in the same run. A report, not a CI gate.

  python3 Benchmarks/Compare/compare_speed.py [path/to/tonecoach]     (or: make compare)

It installs praat-parselmouth, librosa, opensmile and soundfile from PyPI into a virtual
environment under .build-compare/ (first run only), builds a 60 s 16 kHz mono recording from
the bundled speech fixture, and times:
  ToneCoach   tonecoach analyze --no-frames (pitch, loudness, voice activity, pace, pauses),
              as a separate process, start-up and file decoding included
  Praat       parselmouth's Sound.to_pitch_ac (pitch only), in-process
  pYIN        librosa.pyin (pitch and voicing), in-process
  openSMILE   eGeMAPSv02 low-level descriptors (pitch, loudness, spectral and voice-quality features)
Each is the best of several runs; the last column is ToneCoach's speed as a multiple of each.
"""
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VENV = os.path.join(ROOT, ".build-compare", "venv")
PACKAGES = ["praat-parselmouth", "librosa", "opensmile", "soundfile", "numpy"]


def in_venv():
    return os.path.realpath(sys.prefix) == os.path.realpath(VENV)


def bootstrap():
    """Re-runs this script inside the virtual environment, creating it on first use."""
    python = os.path.join(VENV, "bin", "python")
    if not os.path.exists(python):
        print("setting up", os.path.relpath(VENV, ROOT), "(first run only)...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
        subprocess.run([python, "-m", "pip", "install", "--quiet", *PACKAGES], check=True)
    os.execv(python, [python, *sys.argv])


def best(runs, function):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    import numpy as np
    import soundfile as sf
    import librosa
    import opensmile
    import parselmouth
    import tempfile

    tonecoach = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "release", "tonecoach")
    if not os.path.exists(tonecoach):
        sys.exit(f"compare_speed.py: build ToneCoach first (swift build -c release): {tonecoach} not found")
    speech, rate = sf.read(os.path.join(ROOT, "Tests", "Fixtures", "pace-120wpm.wav"))
    speech = librosa.resample(speech, orig_sr=rate, target_sr=16000)
    seconds = 60
    audio = np.tile(speech, int(np.ceil(seconds * 16000 / len(speech))))[: seconds * 16000]
    with tempfile.TemporaryDirectory() as work:
        path = os.path.join(work, "speech-60s.wav")
        sf.write(path, audio, 16000, subtype="PCM_16")

        def run_tonecoach():
            subprocess.run([tonecoach, "analyze", "--no-frames", "--format", "jsonl", path], check=True,
                           stdout=subprocess.DEVNULL)

        def run_praat():
            parselmouth.Sound(path).to_pitch_ac(time_step=0.01, pitch_floor=60, pitch_ceiling=500)

        def run_pyin():
            y, sr = librosa.load(path, sr=None)
            librosa.pyin(y, fmin=60, fmax=500, sr=sr, frame_length=1024, hop_length=160)

        smile = opensmile.Smile(feature_set=opensmile.FeatureSet.eGeMAPSv02,
                                feature_level=opensmile.FeatureLevel.LowLevelDescriptors)

        def run_opensmile():
            smile.process_file(path)

        rows = [
            ("ToneCoach", "pitch, loudness (BS.1770), voice activity, pace, pauses", best(5, run_tonecoach)),
            ("Praat (parselmouth)", "pitch (autocorrelation)", best(3, run_praat)),
            ("pYIN (librosa)", "pitch and voicing", best(1, run_pyin)),
            ("openSMILE eGeMAPSv02", "25 low-level descriptors", best(3, run_opensmile)),
        ]
    ours = rows[0][2]
    print(f"\n60 s of 16 kHz mono speech, best of several runs, on {os.uname().nodename} ({os.cpu_count()} cores):\n")
    print("| tool | computes | time | real-time factor | ToneCoach is |")
    print("|---|---|---|---|---|")
    for name, what, seconds_taken in rows:
        ratio = seconds_taken / ours
        multiple = "—" if name == "ToneCoach" else f"**{ratio:.1f}× faster**" if ratio < 10 else f"**{ratio:.0f}× faster**"
        print(f"| {name} | {what} | {seconds_taken * 1000:.0f} ms | {seconds / seconds_taken:.0f}× | {multiple} |")


if __name__ == "__main__":
    if not in_venv():
        bootstrap()
    main()
