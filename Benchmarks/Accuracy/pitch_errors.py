#!/usr/bin/env python3
"""Why does ToneCoach's pitch tracker make gross errors?  A diagnostic on the development corpus.

A report, not a gate: it explains errors from the signal; do not tune constants to these files.

For each corpus file (and each channel of the stereo calls) it runs
    tonecoach analyze FILE --format jsonl
matches the frames to the truth f0 (exact, every 5 ms; see the corpus README) and reports, per
file and per condition:
  * GPE (frames voiced in both, > 20 % off) split into octave-down (est/true 0.4-0.6),
    octave-up (1.8-2.2), other-low (< 0.8) and other-high (> 1.2); the same GPE on frames whose
    truth lies inside the binary's search range (--range, default 60-500 Hz), and a histogram
    of est/true over the gross frames;
  * where gross errors sit: within 50 ms of a truth voicing onset / offset, or mid-run;
    and how long the runs of consecutive gross frames are (isolated slips vs locked paths);
  * GPE by truth f0 (< 90, 90-150, 150-250, 250-400, > 400 Hz; plus 400-ceiling and outside the
    search range) and by the local truth slope
    (semitones per 10 ms: < 0.1, 0.1-0.3, > 0.3);
  * the fine error (cents, frames within 20 %): mean, std, median |.|;
  * missed voicing by truth f0 and slope; GPE and missed voicing by the distance (octaves) of
    the truth from the speaker's median truth f0 (the tracker applies a speaker prior);
  * VDE split into missed voicing (truth voiced, estimate unvoiced) and false voicing, each
    also split by distance to a truth voicing boundary;
  * the frames' `clarity` (NSDF peak of the chosen / best candidate) on correct, gross,
    missed and false-voiced frames;
  * the timing: for every absolute shift in [-40, +40] ms (5 ms steps) added to the frames' t, the
    fine-error std and the agreement (voicing agrees and, if voiced, within 20 %); the shift
    that minimises the one / maximises the other, per file, per condition and pooled.

Matching for the main metrics is score.py's: truth subsampled to the 10 ms evaluation grid,
nearest estimate frame (after adding --shift) within half a hop. The shift scan instead looks
the truth up (5 ms resolution) at each frame's shifted time, so that odd multiples of 5 ms are
not ties.

Usage:
  python3 Benchmarks/Accuracy/pitch_errors.py [BINARY] [--shift S|auto] [--files GLOB ...]
        [--range MIN MAX] [--devcorpus DIR] [--profile FILE] [--jobs N] [--no-per-file]
        [--binary-args ARGS] [--json-out FILE]

  BINARY      tonecoach to test (default .build/release/tonecoach of this repo)
  --shift     seconds added to every frame t before matching (default 0); 'auto' first runs the
              scan and then uses the pooled best shift (by fine-error std). The timing table [5]
              always scans absolute shifts, so it reads the same whatever --shift is
  --files     fnmatch pattern(s) on the corpus path (e.g. 'pitch/*x1.7*', '*babble*') or id;
              default: the pitch set, the robust set and the calls (per channel)
  --devcorpus the corpus folder with corpus_lib.py and corpus/ (default: $DEVCORPUS_DIR,
              ../shared/devcorpus beside the repo, or /work/shared/devcorpus)
  --profile   passed on to the binary; without it the binary runs in the repo folder, where it
              finds Models/profiles/default.json
  --jobs      files analysed in parallel (default 1)
  --binary-args  extra arguments for `tonecoach analyze` (e.g. '--pitch-min 40'); pass the
              matching --range so that the out-of-range columns follow

Examples:
  python3 Benchmarks/Accuracy/pitch_errors.py .build/release/tonecoach --no-per-file
  python3 Benchmarks/Accuracy/pitch_errors.py /tmp/tc --shift -0.02 --files '*expressive*' --files '*x1.7*'

Needs numpy (and the corpus's corpus_lib.py, which imports soundfile lazily); stdlib otherwise.
"""
from __future__ import annotations

import argparse
import fnmatch
import json
import os
import shlex
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
TRUTH_FRAME_S = 0.005
HOP_S = 0.010
GROSS_REL = 0.2
BOUNDARY_S = 0.050
F0_BINS = [(0, 90, "<90"), (90, 150, "90-150"), (150, 250, "150-250"), (250, 400, "250-400"), (400, 1e9, ">400")]
DMED_BINS = [(0, 0.5, "<0.5"), (0.5, 0.75, "0.5-0.75"), (0.75, 1.0, "0.75-1"), (1.0, 1e9, ">1")]
SLOPE_BINS = [(0, 0.1, "<0.1"), (0.1, 0.3, "0.1-0.3"), (0.3, 1e9, ">0.3")]
SHIFTS_MS = list(range(-40, 45, 5))
SEARCH = [60.0, 500.0]  # the binary's default --pitch-min / --pitch-max (set by --range)
CMD = ["{bin}", "analyze", "{file}", "--format", "jsonl"]


# ------------------------------------------------------------------------------------ setup
def find_devcorpus(arg):
    cands = [arg, os.environ.get("DEVCORPUS_DIR"), REPO.parent / "shared" / "devcorpus", "/work/shared/devcorpus"]
    for c in cands:
        if c and (Path(c) / "corpus" / "manifest.json").exists():
            return Path(c)
    sys.exit("error: development corpus not found (pass --devcorpus DIR)")


def condition_of(e):
    """Condition names of a file (score.py's names where they exist)."""
    tags = set(e["tags"])
    if e["set"] == "pitch":
        return ["clean (all)", f"clean {e['fs'] // 1000}k"] + [f"clean {t}" for t in sorted(tags) if t.startswith("mod:")]
    if e["set"] == "robust":
        if "telephone" in tags:
            return ["telephone 8k mu-law"]
        if "clipping" in tags:
            return ["clipped +12 dB"]
        kind = [t for t in tags if t.startswith("noise:")][0][6:]
        snr = [t for t in tags if t.startswith("snr:")][0][4:]
        return [f"{kind} noise {snr} dB"]
    if e["set"] == "calls":
        return ["calls (per channel)"]
    return [e["set"]]


def select_files(manifest, patterns):
    out = []
    for e in manifest["files"]:
        if patterns:
            if not any(fnmatch.fnmatch(e["wav"], p) or fnmatch.fnmatch(e["id"], p) for p in patterns):
                continue
        elif e["set"] not in ("pitch", "robust", "calls"):
            continue
        out.append(e)
    return out


def run_binary(binary, wav, profile, timeout, extra=()):
    cmd = [c.format(bin=binary, file=str(wav)) for c in CMD] + list(extra)
    if profile:
        cmd += ["--profile", str(profile)]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=str(REPO))
    except subprocess.TimeoutExpired:
        return None, "timeout"
    if p.returncode != 0:
        return None, (p.stderr or "")[-300:]
    return p.stdout, None


def parse_frames(text, nch):
    """-> {channel: (t, f0 (0 = unvoiced), clarity)}"""
    chans = {}
    for line in text.splitlines():
        try:
            o = json.loads(line)
        except json.JSONDecodeError:
            continue
        if not isinstance(o, dict) or o.get("type") != "frame" or o.get("t") is None:
            continue
        c = str(o.get("channel", "mono")).lower()
        if nch == 2:
            c = {"left": "agent", "0": "agent", "right": "customer", "1": "customer"}.get(c, c)
        f = o.get("f0_hz")
        v = o.get("voiced", f is not None)
        f = float(f) if (v and f is not None and f > 0) else 0.0
        cl = o.get("clarity")
        chans.setdefault(c if nch == 2 else "mono", []).append((float(o["t"]), f, np.nan if cl is None else float(cl)))
    return {c: tuple(np.array(x, float) for x in zip(*v)) for c, v in chans.items()}


# ------------------------------------------------------------------------- truth features
def truth_features(f0_5ms):
    """Per 5 ms truth frame: distance (s) to the nearest onset / offset, local slope (st per 10 ms)."""
    f = np.asarray(f0_5ms, float)
    n = len(f)
    v = f > 0
    d = np.diff(v.astype(np.int8))
    # a boundary sits between frames k and k+1, at (k + 0.5) * 5 ms
    onsets = (np.flatnonzero(d == 1) + 0.5) * TRUTH_FRAME_S
    offsets = (np.flatnonzero(d == -1) + 0.5) * TRUTH_FRAME_S
    t = np.arange(n) * TRUTH_FRAME_S

    def dist(b):
        if len(b) == 0:
            return np.full(n, np.inf)
        j = np.searchsorted(b, t)
        lo = b[np.clip(j - 1, 0, len(b) - 1)]
        hi = b[np.clip(j, 0, len(b) - 1)]
        return np.minimum(np.abs(t - lo), np.abs(t - hi))

    d_on, d_off = dist(onsets), dist(offsets)
    # slope: |12 log2(f[k+1]/f[k-1])| (two 5 ms frames = 10 ms); one-sided (x2) at run edges
    lf = np.full(n + 2, np.nan)
    lf[1:-1][v] = 12 * np.log2(f[v])
    prev, cur, nxt = lf[:-2], lf[1:-1], lf[2:]
    centred = np.abs(nxt - prev)
    fwd = 2 * np.abs(nxt - cur)
    bwd = 2 * np.abs(cur - prev)
    slope = np.where(np.isfinite(centred), centred, np.where(np.isfinite(fwd), fwd, bwd))
    return t, v, d_on, d_off, slope


def align_nearest(t_est, t_ref, max_dist):
    """Index of the nearest estimate frame at each reference time (-1 when none within max_dist),
    as corpus_lib.align_to_times picks it."""
    idx = np.full(len(t_ref), -1)
    if len(t_est) == 0:
        return idx
    o = np.argsort(t_est)
    te = t_est[o]
    j = np.searchsorted(te, t_ref)
    j0 = np.clip(j - 1, 0, len(te) - 1)
    j1 = np.clip(j, 0, len(te) - 1)
    pick = np.where(np.abs(te[j0] - t_ref) <= np.abs(te[j1] - t_ref), j0, j1)
    ok = np.abs(te[pick] - t_ref) <= max_dist
    idx[ok] = o[pick[ok]]
    return idx


# ------------------------------------------------------------------------------ analysis
def analyse_channel(t_est, f_est, cl_est, f0_truth, shift):
    """Frame-level records on the 10 ms evaluation grid, plus the shift scan."""
    tt5, v5, d_on5, d_off5, slope5 = truth_features(f0_truth)
    f5 = np.asarray(f0_truth, float)
    import corpus_lib  # noqa: E402  (on sys.path once the corpus is found)
    tt, ft = corpus_lib.truth_f0_at_hop(f5)
    k = np.rint(tt / TRUTH_FRAME_S).astype(int)
    fe = corpus_lib.align_to_times(t_est + shift, f_est, tt)  # score.py's matching
    hop = np.median(np.diff(np.sort(t_est))) if len(t_est) > 1 else HOP_S
    idx = align_nearest(t_est + shift, tt, max(hop / 2, HOP_S / 2) + 1e-6)
    assert np.array_equal(fe, np.where(idx >= 0, f_est[np.maximum(idx, 0)], 0.0)), "frame matching differs from score.py"
    ce = np.where(idx >= 0, cl_est[np.maximum(idx, 0)], np.nan)
    med = np.median(f5[f5 > 0]) if (f5 > 0).any() else np.nan
    dmed = np.where(ft > 0, np.abs(np.log2(np.where(ft > 0, ft, 1) / med)), np.nan)
    rec = {"ft": ft, "fe": fe, "clarity": ce, "d_on": d_on5[k], "d_off": d_off5[k], "slope": slope5[k], "dmed": dmed}

    # shift scan (absolute shifts): truth at each frame's shifted time (5 ms grid)
    scan = {}
    for s_ms in SHIFTS_MS:
        ts = t_est + s_ms / 1000.0  # absolute: independent of --shift
        kk = np.rint(ts / TRUTH_FRAME_S).astype(int)
        ok = (kk >= 0) & (kk < len(f5))
        tr, es = f5[kk[ok]], f_est[ok]
        vt, ve = tr > 0, es > 0
        both = vt & ve
        ratio = np.where(both, es / np.where(vt, tr, 1), 1.0)
        gross = both & (np.abs(ratio - 1) > GROSS_REL)
        fine = both & ~gross
        cents = 1200 * np.log2(ratio[fine])
        agree = (~vt & ~ve) | fine
        scan[s_ms] = {"n": int(ok.sum()), "both": int(both.sum()), "gross": int(gross.sum()),
                      "agree": int(agree.sum()), "vde": int((vt != ve).sum()),
                      "c_n": int(fine.sum()), "c_s": float(cents.sum()), "c_ss": float((cents ** 2).sum())}
    return rec, scan


def concat(recs):
    return {k: np.concatenate([r[k] for r in recs]) for k in recs[0]} if recs else None


def pct(a, b):
    return 100.0 * a / b if b else float("nan")


def summarise(r):
    ft, fe, cl = r["ft"], r["fe"], r["clarity"]
    n = len(ft)
    vt, ve = ft > 0, fe > 0
    both = vt & ve
    ratio = np.where(both, fe / np.where(vt, ft, 1), 1.0)
    gross = both & (np.abs(ratio - 1) > GROSS_REL)
    fine = both & ~gross
    oct_dn = gross & (ratio >= 0.4) & (ratio <= 0.6)
    oct_up = gross & (ratio >= 1.8) & (ratio <= 2.2)
    oth_lo = gross & (ratio < 1) & ~oct_dn
    oth_hi = gross & (ratio > 1) & ~oct_up
    nb = both.sum()
    S = {"frames": n, "voiced_true": int(vt.sum()), "both": int(nb), "gross": int(gross.sum()),
         "GPE": pct(gross.sum(), nb), "oct_dn": pct(oct_dn.sum(), nb), "oct_up": pct(oct_up.sum(), nb),
         "oth_lo": pct(oth_lo.sum(), nb), "oth_hi": pct(oth_hi.sum(), nb)}
    # truth outside the binary's search range: a tracker cannot be right there
    out = both & ((ft < SEARCH[0]) | (ft > SEARCH[1]))
    S["GPE_in"] = pct((gross & ~out).sum(), (both & ~out).sum())
    S["oct_dn_in"] = pct((oct_dn & ~out).sum(), (both & ~out).sum())
    S["gross_out_share"] = pct((gross & out).sum(), gross.sum())
    S["f0 out"] = (pct((gross & out).sum(), out.sum()), int(out.sum()))
    S["miss_out"] = int((vt & ~ve & ((ft < SEARCH[0]) | (ft > SEARCH[1]))).sum())
    # sub-classes of "other": near 1/3, 2/3, 3/2, 3 (a fifth / third-harmonic lock) vs the rest
    S["gross_ratio_hist"] = {lab: int((gross & (ratio >= a) & (ratio < b)).sum()) for a, b, lab in
                             [(0, 0.3, "<0.3"), (0.3, 0.4, "0.3-0.4"), (0.4, 0.6, "0.4-0.6"), (0.6, 0.8, "0.6-0.8"),
                              (1.2, 1.8, "1.2-1.8"), (1.8, 2.2, "1.8-2.2"), (2.2, 2.7, "2.2-2.7"), (2.7, 3.3, "2.7-3.3"),
                              (3.3, 1e9, ">3.3")]}
    # boundaries (truth voicing onsets/offsets within 50 ms)
    near_on = (r["d_on"] <= BOUNDARY_S) & (r["d_on"] <= r["d_off"])
    near_off = (r["d_off"] <= BOUNDARY_S) & ~near_on
    mid = ~near_on & ~near_off
    for name, m in (("on", near_on), ("off", near_off), ("mid", mid)):
        S[f"both_{name}"] = int((both & m).sum())
        S[f"gross_{name}"] = int((gross & m).sum())
        S[f"GPE_{name}"] = pct((gross & m).sum(), (both & m).sum())
        S[f"miss_{name}"] = int((vt & ~ve & m).sum())
        S[f"vt_{name}"] = int((vt & m).sum())
    # runs of consecutive gross frames (on the 10 ms grid)
    runs = []
    cur = 0
    for g in gross:
        if g:
            cur += 1
        elif cur:
            runs.append(cur)
            cur = 0
    if cur:
        runs.append(cur)
    runs = np.array(runs, int)
    S["gross_runs"] = len(runs)
    S["gross_run_median"] = float(np.median(runs)) if len(runs) else float("nan")
    S["gross_in_runs_ge5_pct"] = pct(runs[runs >= 5].sum(), runs.sum()) if len(runs) else float("nan")
    S["gross_run_max"] = int(runs.max()) if len(runs) else 0
    # f0 and slope bins
    for a, b, lab in F0_BINS:
        m = both & (ft >= a) & (ft < b)
        S[f"f0 {lab}"] = (pct((gross & m).sum(), m.sum()), int(m.sum()))
    m = both & (ft >= 400) & (ft <= SEARCH[1])
    S["f0 400-max"] = (pct((gross & m).sum(), m.sum()), int(m.sum()))
    # missed voicing by truth f0, and GPE / missed voicing by distance from the speaker's median
    for a, b, lab in F0_BINS:
        m = vt & (ft >= a) & (ft < b)
        S[f"miss f0 {lab}"] = (pct((m & ~ve).sum(), m.sum()), int(m.sum()))
    sl = r["slope"]
    for a, b, lab in SLOPE_BINS:
        m = vt & np.isfinite(sl) & (sl >= a) & (sl < b)
        S[f"miss slope {lab}"] = (pct((m & ~ve).sum(), m.sum()), int(m.sum()))
    for a, b, lab in DMED_BINS:
        m = vt & (r["dmed"] >= a) & (r["dmed"] < b)
        S[f"gpe dmed {lab}"] = (pct((gross & m).sum(), (both & m).sum()), int((both & m).sum()))
        S[f"miss dmed {lab}"] = (pct((m & ~ve).sum(), m.sum()), int(m.sum()))
    sl = r["slope"]
    for a, b, lab in SLOPE_BINS:
        m = both & np.isfinite(sl) & (sl >= a) & (sl < b)
        S[f"slope {lab}"] = (pct((gross & m).sum(), m.sum()), int(m.sum()))
    # fine error
    cents = 1200 * np.log2(ratio[fine]) if fine.any() else np.zeros(0)
    S["fine_mean"] = float(cents.mean()) if len(cents) else float("nan")
    S["fine_std"] = float(cents.std()) if len(cents) > 1 else float("nan")
    S["fine_medabs"] = float(np.median(np.abs(cents))) if len(cents) else float("nan")
    # voicing
    miss = vt & ~ve
    false = ~vt & ve
    S["VDE"] = pct((vt != ve).sum(), n)
    S["miss"] = pct(miss.sum(), n)
    S["false"] = pct(false.sum(), n)
    S["miss_of_voiced"] = pct(miss.sum(), vt.sum())
    S["recall"] = pct((vt & ve).sum(), vt.sum())
    # false voicing near a voiced run (within 50 ms of any boundary) vs far from speech
    dmin = np.minimum(r["d_on"], r["d_off"])
    S["false_near"] = pct((false & (dmin <= BOUNDARY_S)).sum(), n)
    S["false_far"] = pct((false & (dmin > BOUNDARY_S)).sum(), n)
    S["miss_near"] = pct((miss & (dmin <= BOUNDARY_S)).sum(), n)
    S["miss_mid"] = pct((miss & (dmin > BOUNDARY_S)).sum(), n)
    # clarity
    def med(m):
        x = cl[m & np.isfinite(cl)]
        return float(np.median(x)) if len(x) else float("nan")
    S["cl_fine"], S["cl_gross"], S["cl_miss"], S["cl_false"] = med(fine), med(gross), med(miss), med(false)
    S["cl_unv_true"] = med(~vt & ~ve)
    return S


def pool_scan(scans):
    tot = {}
    for sc in scans:
        for s, d in sc.items():
            t = tot.setdefault(s, {k: 0 for k in d})
            for k, v in d.items():
                t[k] += v
    return tot


def scan_stats(sc):
    out = {}
    for s, d in sc.items():
        m = d["c_s"] / d["c_n"] if d["c_n"] else float("nan")
        var = d["c_ss"] / d["c_n"] - m * m if d["c_n"] else float("nan")
        out[s] = {"fine_std": float(np.sqrt(max(var, 0))) if d["c_n"] else float("nan"),
                  "agree": pct(d["agree"], d["n"]), "GPE": pct(d["gross"], d["both"]), "VDE": pct(d["vde"], d["n"])}
    return out


def best_shifts(sc):
    st = scan_stats(sc)
    ks = [s for s in st if np.isfinite(st[s]["fine_std"])]
    b_std = min(ks, key=lambda s: (st[s]["fine_std"], abs(s))) if ks else None
    b_agr = max(st, key=lambda s: (st[s]["agree"], -abs(s)))
    return b_std, b_agr, st


# ------------------------------------------------------------------------------- printing
def f(v, nd=1):
    if v is None or (isinstance(v, float) and not np.isfinite(v)):
        return "-"
    return f"{v:.{nd}f}"


def table(rows, headers):
    w = [max(len(str(x)) for x in col) for col in zip(headers, *rows)]
    line = lambda r: "  ".join(str(x).rjust(w[i]) if i else str(x).ljust(w[i]) for i, x in enumerate(r))
    return "\n".join([line(headers), "  ".join("-" * x for x in w)] + [line(r) for r in rows])


def print_tables(title, names, stats, scans, shift_ms):
    print(f"\n=== {title} ===")
    print(f"\n[1] GPE split (% of frames voiced in both; shift {shift_ms:+.0f} ms)   and fine error (cents)")
    print(f"    (GPE in-range / oct-dn in-range: only frames whose truth lies in the search range {SEARCH[0]:g}-{SEARCH[1]:g} Hz;"
          " out%: share of the gross frames whose truth is outside it)")
    rows = [[n, S["both"], f(S["GPE"], 2), f(S["oct_dn"], 2), f(S["oct_up"], 2), f(S["oth_lo"], 2), f(S["oth_hi"], 2),
             f(S["GPE_in"], 2), f(S["oct_dn_in"], 2), f(S["gross_out_share"], 0),
             f(S["fine_mean"]), f(S["fine_std"]), f(S["fine_medabs"])] for n, S in zip(names, stats)]
    print(table(rows, ["", "both", "GPE", "oct-dn", "oct-up", "oth-lo", "oth-hi", "GPE in-rng", "oct-dn in-rng", "out%",
                       "fine mean", "fine std", "med|c|"]))

    print("\n[2] where gross errors are: GPE % near a truth onset / offset (<= 50 ms) vs mid-run;"
          " share of gross frames near a boundary vs share of voiced frames there; runs of gross frames")
    rows = []
    for n, S in zip(names, stats):
        g = S["gross"]
        nearb = S["gross_on"] + S["gross_off"]
        bshare = pct(S["both_on"] + S["both_off"], S["both"])
        rows.append([n, f(S["GPE_on"], 2), f(S["GPE_off"], 2), f(S["GPE_mid"], 2),
                     f(pct(nearb, g)), f(bshare), S["gross_runs"], f(S["gross_run_median"], 0),
                     S["gross_run_max"], f(S["gross_in_runs_ge5_pct"])])
    print(table(rows, ["", "GPE onset", "GPE offset", "GPE mid", "gross%near", "voiced%near", "runs",
                       "run med", "run max", "%in runs>=5"]))

    print("\n[3] GPE % by truth f0 (Hz) and by truth slope (semitones / 10 ms)   [frames voiced in both]")
    print(f"    (f0 400-max: 400 Hz to the search ceiling {SEARCH[1]:g}; f0 out: truth outside the search range"
          f" {SEARCH[0]:g}-{SEARCH[1]:g} Hz, where no estimate can be right)")
    keys = [f"f0 {lab}" for _, _, lab in F0_BINS] + ["f0 400-max", "f0 out"] + [f"slope {lab}" for _, _, lab in SLOPE_BINS]
    rows = [[n] + [f"{f(S[k][0], 1)} ({S[k][1]})" if S[k][1] else "-" for k in keys] for n, S in zip(names, stats)]
    print(table(rows, [""] + keys))

    print("\n[3b] missed voicing % (of truth-voiced frames) by truth f0 (Hz) and by truth slope (st / 10 ms)")
    keys = [f"miss f0 {lab}" for _, _, lab in F0_BINS] + [f"miss slope {lab}" for _, _, lab in SLOPE_BINS]
    rows = [[n] + [f"{f(S[k][0], 1)} ({S[k][1]})" if S[k][1] else "-" for k in keys] for n, S in zip(names, stats)]
    print(table(rows, [""] + [k[5:] for k in keys]))

    print("\n[3c] GPE % and missed voicing % by |log2(truth f0 / the channel's median truth f0)| (octaves from the"
          " speaker's median; the tracker's speaker prior penalises candidates > 0.75 octave away)")
    keys = [f"gpe dmed {lab}" for _, _, lab in DMED_BINS] + [f"miss dmed {lab}" for _, _, lab in DMED_BINS]
    rows = [[n] + [f"{f(S[k][0], 1)} ({S[k][1]})" if S[k][1] else "-" for k in keys] for n, S in zip(names, stats)]
    print(table(rows, [""] + [k.replace("gpe dmed", "GPE").replace("miss dmed", "miss") for k in keys]))

    print("\n[4] voicing: VDE = missed + false (% of all frames); missed near a boundary / mid-run;"
          " false near a voiced run / far; median clarity by frame class")
    print("    (missed onset/offset/mid: % of all frames, truth voiced within 50 ms of an onset / offset, or further;"
          " clarity: the frame's clarity field, NSDF peak of the chosen or best candidate)")
    rows = [[n, f(S["VDE"]), f(S["miss"]), f(S["false"]), f(S["recall"]),
             f(pct(S["miss_on"], S["frames"])), f(pct(S["miss_off"], S["frames"])), f(S["miss_mid"]),
             f(S["false_near"]), f(S["false_far"]),
             "/".join(f(S[k], 2) for k in ("cl_fine", "cl_gross", "cl_miss", "cl_false", "cl_unv_true"))]
            for n, S in zip(names, stats)]
    print(table(rows, ["", "VDE", "missed", "false", "recall%", "miss onset", "miss offset", "miss mid", "false near", "false far",
                       "clarity fine/gross/miss/false/uv"]))

    print("\n[5] timing: shift in [-40, +40] ms (absolute: added to the binary's t, whatever --shift is)"
          " that minimises the fine std | maximises agreement (voicing agrees and, if voiced, within 20 %);"
          " truth looked up at each frame's shifted time")
    rows = []
    for n, sc in zip(names, scans):
        b_std, b_agr, st = best_shifts(sc)
        rows.append([n, f"{b_std:+d}" if b_std is not None else "-", f"{b_agr:+d}",
                     f(st[b_std]["fine_std"]) if b_std is not None else "-", f(st[0]["fine_std"]), f(st[-20]["fine_std"]),
                     f(st[b_agr]["agree"], 2), f(st[0]["agree"], 2), f(st[-20]["agree"], 2),
                     f(st[b_std]["GPE"], 2) if b_std is not None else "-", f(st[0]["GPE"], 2)])
    print(table(rows, ["", "best(std)", "best(agree)", "std@best", "std@0", "std@-20", "agree@best", "agree@0",
                       "agree@-20", "GPE@best", "GPE@0"]))


def print_gross_hist(names, stats):
    labs = list(stats[0]["gross_ratio_hist"])
    rows = [[n, S["gross"]] + [f(pct(S["gross_ratio_hist"][lab], S["gross"]), 0) for lab in labs]
            for n, S in zip(names, stats)]
    print("\n[6] gross errors by est/true ratio (% of the condition's gross frames)")
    print(table(rows, ["", "gross"] + labs))


# ----------------------------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("binary", nargs="?", default=str(REPO / ".build" / "release" / "tonecoach"))
    ap.add_argument("--shift", default="0", help="seconds added to frame t before matching, or 'auto'")
    ap.add_argument("--files", action="append", default=[], help="fnmatch pattern on corpus path or id (repeatable)")
    ap.add_argument("--devcorpus", default=None)
    ap.add_argument("--profile", default=None, help="passed as --profile (default: run in the repo folder)")
    ap.add_argument("--range", type=float, nargs=2, default=SEARCH, metavar=("MIN", "MAX"),
                    help="the binary's pitch search range in Hz, for the out-of-range columns (default 60 500)")
    ap.add_argument("--binary-args", default="", help="extra arguments for 'tonecoach analyze', e.g. '--pitch-max 700'"
                    " (then pass the same range to --range)")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--no-per-file", action="store_true", help="only the per-condition tables")
    ap.add_argument("--json-out", default=None)
    args = ap.parse_args()

    SEARCH[:] = args.range
    dc = find_devcorpus(args.devcorpus)
    sys.path.insert(0, str(dc))
    corpus = dc / "corpus"
    manifest = json.load(open(corpus / "manifest.json"))
    files = select_files(manifest, args.files)
    if not files:
        sys.exit("error: no corpus file matches")
    binary = os.path.abspath(args.binary)
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        sys.exit(f"error: binary not found or not executable: {binary}")

    def job(e):
        out, err = run_binary(binary, corpus / e["wav"], args.profile, args.timeout, shlex.split(args.binary_args))
        return e, out, err

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
        results = list(ex.map(job, files))

    units = []  # (name, conditions, t, f0, clarity, truth f0)
    failures = []
    for e, out, err in results:
        if out is None:
            failures.append((e["wav"], err))
            continue
        truth = json.load(open(corpus / e["truth"]))
        if "f0" not in truth:
            continue
        fr = parse_frames(out, e["channels"])
        chans = ["mono"] if e["channels"] == 1 else ["agent", "customer"]
        for c in chans:
            if c not in fr:
                failures.append((f"{e['wav']}:{c}", "no frames"))
                continue
            ftr = truth["f0"]["hz"] if c == "mono" else truth["f0"]["by_channel"][c]
            name = e["id"] if c == "mono" else f"{e['id']}:{c}"
            units.append((name, condition_of(e), *fr[c], ftr))

    def evaluate(shift_s):
        per = []
        for name, conds, t, fe, cl, ftr in units:
            rec, scan = analyse_channel(t, fe, cl, ftr, shift_s)
            per.append((name, conds, rec, scan))
        return per

    if args.shift == "auto":
        per0 = evaluate(0.0)
        b_std, _, _ = best_shifts(pool_scan([p[3] for p in per0]))
        shift = b_std / 1000.0
        print(f"--shift auto: pooled best shift by fine-error std = {b_std:+d} ms")
    else:
        shift = float(args.shift)
    per = evaluate(shift)

    print(f"binary: {binary} {args.binary_args}\nfiles: {len(files)} ({len(units)} channels scored), failures: {len(failures)}, "
          f"shift: {shift * 1000:+.0f} ms (added to frame t)")
    for w, err in failures:
        print(f"  FAILED {w}: {err!r}")

    # conditions
    order = ["clean (all)", "clean 16k", "clean 8k", "clean mod:x0.55", "clean mod:x1.0", "clean mod:x1.7",
             "clean mod:flat", "clean mod:expressive", "white noise 20 dB", "white noise 10 dB", "babble noise 20 dB",
             "babble noise 10 dB", "telephone 8k mu-law", "clipped +12 dB", "calls (per channel)"]
    groups = {}
    for name, conds, rec, scan in per:
        for g in conds:
            groups.setdefault(g, []).append((rec, scan))
    gnames = [g for g in order if g in groups] + [g for g in groups if g not in order]
    gnames.append("ALL")
    groups["ALL"] = [(rec, scan) for _, _, rec, scan in per]
    gstats = [summarise(concat([r for r, _ in groups[g]])) for g in gnames]
    gscans = [pool_scan([s for _, s in groups[g]]) for g in gnames]
    print_tables("per condition (frame-weighted)", gnames, gstats, gscans, shift * 1000)
    print_gross_hist(gnames, gstats)

    fstats = [summarise(rec) for _, _, rec, _ in per]
    if not args.no_per_file:
        print_tables("per file", [p[0] for p in per], fstats, [p[3] for p in per], shift * 1000)
        print_gross_hist([p[0] for p in per], fstats)

    b_std, b_agr, st = best_shifts(gscans[-1])
    print(f"\nPooled timing (all channels): best shift {b_std:+d} ms by fine std ({f(st[b_std]['fine_std'])} c; "
          f"{f(st[0]['fine_std'])} c at 0), {b_agr:+d} ms by agreement ({f(st[b_agr]['agree'], 2)} %; "
          f"{f(st[0]['agree'], 2)} % at 0). A timing fix is right when the best shift is 0.")
    print("scan (shift ms: fine std c / agree % / GPE %): " + ", ".join(
        f"{s:+d}: {f(v['fine_std'])}/{f(v['agree'], 1)}/{f(v['GPE'], 2)}" for s, v in sorted(st.items())))

    if args.json_out:
        def clean(S):
            return {k: (list(v) if isinstance(v, tuple) else v) for k, v in S.items()}
        res = {"binary": binary, "shift_s": shift,
               "conditions": {g: {**clean(S), "scan": scan_stats(sc)} for g, S, sc in zip(gnames, gstats, gscans)},
               "files": {p[0]: {**clean(S), "scan": scan_stats(p[3])} for p, S in zip(per, fstats)},
               "failures": failures}
        with open(args.json_out, "w") as fh:
            json.dump(res, fh, indent=1, default=float)


if __name__ == "__main__":
    main()
