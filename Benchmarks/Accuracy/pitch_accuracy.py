#!/usr/bin/env python3
"""Pitch accuracy of ToneCoach against Praat and pYIN on speech degraded the way calls are.

A report, not a CI gate. For each voice (espeak-ng, deep male to high female) it takes the
clean 16 kHz speech, lets Praat's autocorrelation pitch on the clean signal stand as the
reference contour, then degrades the speech (white noise at 20 and 10 dB SNR; the 300-3400 Hz
telephone band at 8 kHz through G.711 mu-law) and measures on every degraded copy:
  GPE  gross pitch error: frames voiced in both reference and estimate, more than 20 % off
  VDE  voicing decision error: frames where reference and estimate disagree on voicing
for ToneCoach, Praat (on the degraded copy) and librosa's pYIN.

Usage: python3 Benchmarks/Accuracy/pitch_accuracy.py [path/to/tonecoach]
Needs: espeak-ng and sox (Debian), and from PyPI praat-parselmouth, librosa, soundfile
(`pip install praat-parselmouth librosa soundfile`).
"""
import csv
import io
import os
import subprocess
import sys
import tempfile

import numpy as np
import soundfile as sf

import librosa
import parselmouth

TONECOACH = sys.argv[1] if len(sys.argv) > 1 else ".build/release/tonecoach"
F_MIN, F_MAX, HOP = 60.0, 500.0, 0.01
TEXT = ("I understand why you are upset, and I am sorry this happened. Let me check the order "
        "right now. The parcel left yesterday, so it should reach you tomorrow morning.")
VOICES = [("deep male", "en-us", 15), ("male", "en-us", 45), ("female", "en-us+f2", 55),
          ("high female", "en-us+f4", 85)]


def sh(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def praat(x, sr):
    snd = parselmouth.Sound(x, sampling_frequency=sr)
    p = snd.to_pitch_ac(time_step=HOP, pitch_floor=F_MIN, pitch_ceiling=F_MAX)
    return p.xs(), p.selected_array["frequency"]


def pyin(x, sr):
    f0, voiced, _ = librosa.pyin(x, fmin=F_MIN, fmax=F_MAX, sr=sr, frame_length=int(0.064 * sr) // 2 * 2,
                                 hop_length=int(HOP * sr))
    t = librosa.times_like(f0, sr=sr, hop_length=int(HOP * sr))
    return t, np.where(voiced, f0, 0.0)


def tonecoach(path):
    out = subprocess.run([TONECOACH, "analyze", "--format", "csv", path], check=True,
                         capture_output=True, text=True).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    # ToneCoach stamps a frame at the end of its hop, describing the window that ends there:
    # place it at the window's centre (2 / F_MIN seconds long) to compare with centred estimators.
    t = np.array([float(r["t"]) for r in rows]) - (1.0 / F_MIN)
    f = np.array([float(r["f0_hz"]) if r["f0_hz"] else 0.0 for r in rows])
    return t, f


def score(ref_t, ref_f, t, f):
    # the estimate's frame nearest each reference frame (interpolating across a voicing
    # boundary would invent half-frequencies)
    idx = np.clip(np.searchsorted(t, ref_t), 1, len(t) - 1)
    idx = np.where(np.abs(t[idx - 1] - ref_t) < np.abs(t[idx] - ref_t), idx - 1, idx)
    est = np.where(np.abs(t[idx] - ref_t) <= HOP, f[idx], 0.0)
    rv, ev = ref_f > 0, est > 0
    both = rv & ev
    gpe = np.mean(np.abs(est[both] / ref_f[both] - 1) > 0.2) if both.any() else float("nan")
    vde = np.mean(rv != ev)
    return gpe, vde


def main():
    rng = np.random.default_rng(1)
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for name, voice, pitch in VOICES:
            raw = os.path.join(work, "raw.wav")
            clean = os.path.join(work, "clean.wav")
            sh("espeak-ng", "-v", voice, "-p", str(pitch), "-s", "150", "-w", raw, TEXT)
            sh("sox", raw, "-r", "16000", "-b", "16", clean)
            x, sr = sf.read(clean)
            ref_t, ref_f = praat(x, sr)
            speech_rms = np.sqrt(np.mean(x[np.abs(x) > 0.01] ** 2))
            cases = {}
            for snr in (20, 10):
                noisy = x + rng.normal(0, speech_rms / 10 ** (snr / 20), len(x))
                path = os.path.join(work, f"snr{snr}.wav")
                sf.write(path, np.clip(noisy, -1, 1), sr, subtype="PCM_16")
                cases[f"noise {snr} dB"] = path
            tel = os.path.join(work, "tel.wav")
            sh("sox", clean, "-r", "8000", "-e", "u-law", "-b", "8", tel, "sinc", "300-3400")
            cases["telephone mu-law"] = tel
            cases["clean"] = clean
            for case, path in cases.items():
                y, ysr = sf.read(path)
                for tool, fn in (("ToneCoach", lambda: tonecoach(path)), ("Praat", lambda: praat(y, ysr)),
                                 ("pYIN", lambda: pyin(y, ysr))):
                    t, f = fn()
                    gpe, vde = score(ref_t, ref_f, t, f)
                    rows.append((name, case, tool, gpe, vde))
                    print(f"{name:12s} {case:17s} {tool:10s} GPE {gpe*100:5.1f} %  VDE {vde*100:5.1f} %",
                          flush=True)
    print("\nmean over voices and degraded cases (clean excluded):")
    for tool in ("ToneCoach", "Praat", "pYIN"):
        sel = [r for r in rows if r[2] == tool and r[1] != "clean"]
        print(f"  {tool:10s} GPE {np.nanmean([r[3] for r in sel])*100:5.1f} %  "
              f"VDE {np.mean([r[4] for r in sel])*100:5.1f} %")


if __name__ == "__main__":
    main()
