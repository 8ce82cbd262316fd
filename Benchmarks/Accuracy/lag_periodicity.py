#!/usr/bin/env python3
"""Why do deep voices lose voicing?  A diagnostic on the development corpus's pitch set.

A report, not a gate: it explains missed voicing from the signal; do not tune constants to it.

The ×0.55 and ×1.0 files of each voice share their timing and their truth voicing; only the
pitch differs. For the frames voiced in both truths that ToneCoach calls voiced at ×1.0 but
unvoiced at ×0.55, and for every 5th frame voiced in both truths, it measures the normalised
square difference function (NSDF, McLeod & Wyvill) on the tracker's window (two periods of
60 Hz, centred on the frame's instant) at the truth's period (±3 %), at ×0.55 and at ×1.0,
and at two periods at ×1.0. If periodicity decays with the lag's length in time (the vocal
tract moves), the ×0.55 file at one period reads like the ×1.0 file at two.

Usage:
  python3 Benchmarks/Accuracy/lag_periodicity.py [BINARY] [--devcorpus DIR]
  (needs numpy and soundfile: the venv `make accuracy-gate` makes)
"""
import argparse, json, os, subprocess, sys

import numpy as np
import soundfile as sf

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def frames(binary, wav):
    out = subprocess.run([binary, "analyze", "--format", "jsonl", wav], capture_output=True, text=True, check=True)
    return [f for f in map(json.loads, out.stdout.splitlines()) if f.get("type") == "frame"]


def load(binary, pitch_dir, name):
    truth = json.load(open(os.path.join(pitch_dir, name + ".json")))
    hz = np.array(truth["f0"]["hz"])
    step = truth["f0"].get("frame_period_s", 0.005)
    wav = os.path.join(pitch_dir, name + ".wav")
    fr = frames(binary, wav)
    times = np.array([f["t"] for f in fr])
    voiced = np.array([bool(f["voiced"]) for f in fr])
    index = np.rint(times / step).astype(int)
    f0 = np.where(index < len(hz), hz[np.minimum(index, len(hz) - 1)], 0.0)
    x, rate = sf.read(wav)
    if x.ndim > 1:
        x = x[:, 0]
    return times, voiced, f0, x, rate


def nsdf(x, rate, t, lag):
    """Largest NSDF within ±3 % of `lag` samples, on the tracker's window centred on t."""
    length = 2 * (int(np.ceil(rate / 60)) + 2)
    centre = int(round(t * rate))
    segment = x[centre - length // 2:centre - length // 2 + length]
    if centre - length // 2 < 0 or len(segment) < length:
        return np.nan
    best = 0.0
    for tau in range(max(1, int(lag * 0.97) - 1), min(length - 1, int(lag * 1.03) + 2)):
        a, b = segment[:length - tau], segment[tau:]
        energy = np.dot(a, a) + np.dot(b, b)
        if energy > 0:
            best = max(best, 2 * np.dot(a, b) / energy)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary", nargs="?", default=os.path.join(REPO, ".build/release/tonecoach"))
    parser.add_argument("--devcorpus", default=os.path.join(os.path.dirname(REPO), "shared/devcorpus"))
    args = parser.parse_args()
    pitch_dir = os.path.join(args.devcorpus, "corpus/pitch")
    if not os.path.isdir(pitch_dir):
        sys.exit(f"lag_periodicity: no pitch set at {pitch_dir} (--devcorpus DIR)")
    print("voice  missed only at x0.55 | NSDF on them: x0.55@T  x1.0@T  x1.0@2T | all voiced: x0.55@T  x1.0@T  x1.0@2T")
    for voice in ("d16f", "d16m", "d8f", "d8m"):
        ta, va, fa, xa, rate = load(args.binary, pitch_dir, voice + "_x0.55")
        _, vb, fb, xb, _ = load(args.binary, pitch_dir, voice + "_x1.0")
        n = min(len(va), len(vb))
        both = (fa[:n] > 0) & (fb[:n] > 0)
        missed = np.flatnonzero(both & ~va[:n] & vb[:n])
        sample = np.flatnonzero(both)[::5]

        def medians(indices):
            rows = [(nsdf(xa, rate, ta[i], rate / fa[i]), nsdf(xb, rate, ta[i], rate / fb[i]),
                     nsdf(xb, rate, ta[i], 2 * rate / fb[i])) for i in indices]
            return np.nanmedian(np.array(rows), axis=0) if rows else [np.nan] * 3

        m, a = medians(missed), medians(sample)
        print(f"{voice:5}  {len(missed):21d} | {m[0]:21.2f} {m[1]:7.2f} {m[2]:8.2f} | {a[0]:19.2f} {a[1]:7.2f} {a[2]:8.2f}")


if __name__ == "__main__":
    main()
