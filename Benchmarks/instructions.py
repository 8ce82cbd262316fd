#!/usr/bin/env python3
"""Instruction counts per hop, from valgrind's callgrind: a CI gate that machine noise cannot move.

For each workload of the instruction-probe executable (the chain at 8, 16 and 48 kHz, the
FFTW floor at the same rates, the live coach) it runs callgrind twice, with 200 and 1200
hops, and divides the difference by 1000: start-up and warm-up cancel out, and what is left
is the exact cost of one hop. The counts are compared with the ceilings in
Benchmarks/Thresholds/instructions.json; more than the tolerance above a ceiling fails, and so
does a chain costing more than three FFTW floors (forward and inverse transform of the pitch FFT)
at any rate, on any processor.

Counts depend on the processor as well as the code: FFTW and glibc pick their kernels by CPU
feature (AVX2, AVX-512, ...). Ceilings are therefore kept per CPU signature (model name and
those features); on a processor with no ceilings yet, the script prints the counts, says so,
and passes: run it with --update there to start guarding.

  python3 Benchmarks/instructions.py            check (exit 1 on a regression)
  python3 Benchmarks/instructions.py --update   write the measured counts as the new ceilings

Needs valgrind and a release build of instruction-probe (make instructions does both).
"""
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROBE = os.path.join(ROOT, ".build", "release", "instruction-probe")
CEILINGS = os.path.join(ROOT, "Benchmarks", "Thresholds", "instructions.json")
WORKLOADS = [("chain", r) for r in (8000, 16000, 48000)] + [("fft", r) for r in (8000, 16000, 48000)] + [("coach", 0), ("call", 0)]
SHORT, LONG = 200, 1200
# Issue 8's budget: the whole chain within three forward+inverse FFTW transforms of its pitch
# FFT size a hop, whatever the processor (both are counted on the same one).
MAXIMUM_FLOOR_RATIO = 3.0


def instructions(mode, rate, hops):
    env = dict(os.environ, SWIFT_DETERMINISTIC_HASHING="1")
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", PROBE, mode, str(rate), str(hops)],
        capture_output=True, text=True, env=env, check=True)
    match = re.search(r"Collected : (\d+)", result.stderr)
    if not match:
        sys.exit(f"instructions.py: no instruction count in callgrind's output:\n{result.stderr}")
    return int(match.group(1))


def cpu_signature():
    model, flags = "unknown", set()
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name") and model == "unknown":
                model = line.split(":", 1)[1].strip()
            elif line.startswith("flags") and not flags:
                flags = set(line.split(":", 1)[1].split())
    features = [f for f in ("sse4_2", "avx", "avx2", "fma", "avx512f", "erms", "fsrm") if f in flags]
    return f"{model} [{' '.join(features)}]"


def key(mode, rate):
    return f"{mode}_{rate // 1000}k" if rate else mode


def main():
    update = "--update" in sys.argv[1:]
    if not os.path.exists(PROBE):
        sys.exit("instructions.py: build it first: swift build -c release --product instruction-probe")
    with open(CEILINGS) as f:
        config = json.load(f)
    tolerance = config["tolerance"]
    signature = cpu_signature()
    ceilings = config["ceilings"].get(signature, {})
    print(f"CPU: {signature}" + ("" if ceilings or update else " (no ceilings for this CPU yet)"))
    measured = {}
    for mode, rate in WORKLOADS:
        per_hop = (instructions(mode, rate, LONG) - instructions(mode, rate, SHORT)) / (LONG - SHORT)
        measured[key(mode, rate)] = round(per_hop)

    print(f"| workload | instructions per hop | ceiling | |")
    print(f"|---|---|---|---|")
    failed = False
    for name, value in measured.items():
        ceiling = ceilings.get(name)
        verdict = "new"
        if ceiling is not None:
            if value > ceiling * (1 + tolerance):
                verdict, failed = f"REGRESSION (+{(value / ceiling - 1) * 100:.1f} %)", True
            elif value < ceiling * (1 - tolerance):
                verdict = f"improved ({(value / ceiling - 1) * 100:.1f} %): run with --update"
            else:
                verdict = "ok"
        print(f"| {name} | {value} | {ceiling if ceiling is not None else '-'} | {verdict} |")
    print()
    over_floor = False
    for rate in (8000, 16000, 48000):
        ratio = measured[key("chain", rate)] / measured[key("fft", rate)]
        over = ratio > MAXIMUM_FLOOR_RATIO
        over_floor = over_floor or over
        print(f"chain / FFTW floor at {rate // 1000} kHz: {ratio:.3f} (at most {MAXIMUM_FLOOR_RATIO:g}){'  OVER' if over else ''}")
    if over_floor:
        print(f"\nthe chain costs more than {MAXIMUM_FLOOR_RATIO:g} FFTW forward+inverse transforms of its pitch FFT a hop")
        return 1

    if update:
        config["ceilings"][signature] = measured
        with open(CEILINGS, "w") as f:
            json.dump(config, f, indent=2)
            f.write("\n")
        print(f"\nceilings written to {os.path.relpath(CEILINGS, ROOT)}")
        return 0
    if not ceilings:
        print("\nno ceilings for this CPU: nothing to compare with; run with --update to record them")
        return 0
    if failed:
        print(f"\ninstruction count above its ceiling by more than {tolerance * 100:.0f} %: a regression")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
