#!/usr/bin/env python3
"""Accuracy gate: checks a development-corpus score against fixed limits (a CI gate).

  python3 Benchmarks/Accuracy/accuracy_gate.py RESULT.json THRESHOLDS.json

RESULT.json is what ../shared/devcorpus/score.py writes with --json-out; THRESHOLDS.json is
Benchmarks/Thresholds/accuracy.json. `make accuracy-gate` builds, scores and runs this.
Standard library only: it reads numbers, it measures nothing, so the same JSON always gives
the same verdict.

Each entry of "gates" in the thresholds file names one figure by a JSON list path into the
result (a list, because condition names hold spaces, dots and parentheses):

  {"path": ["pitch", "clean (20 files)", "GPE_pct"], "max": 1.0, "why": "..."}

- "max": passes when value <= max;  "min": passes when value >= min;  both may be given.
- "*" in a path stands for every value of that object or item of that list; each one is
  its own line and must pass on its own.
- "rel_err_max" with "est" and "true" (keys inside the addressed objects): passes when
  |est / true - 1| <= rel_err_max.
- A list is measured by its length (so ["failures"] with "max": 0 means no failed files).
- "target" (optional) holds the goal in the same form ({"max": 1.0}): it is reported beside
  the limit ("target met" / "target not yet") and never fails the gate. The limit guards
  what has been reached; the target says where the figure is meant to go.

One line per figure: PASS/FAIL, name, measured value, limit; then "N passed, M failed".
A figure that is missing, null or not a finite number counts as failed, never skipped.
The result's "failures" (files the binary failed on) are always gated at 0, listed in the
file or not. Exit 0 when everything passes, 1 when anything fails, 2 on a malformed input.
"""
import json
import math
import sys

SEP = " > "  # not "/": pace rows are named by file paths
FAILURES_GATE = {"path": ["failures"], "max": 0, "why": "the binary analyses every corpus file"}


class Missing(Exception):
    pass


def expand(node, path, name=()):
    """Yields (name, value) for every figure the path reaches; "*" fans out."""
    if not path:
        yield name, node
        return
    step, rest = path[0], path[1:]
    if step == "*":
        if isinstance(node, dict):
            items = list(node.items())
        elif isinstance(node, list):
            # Name list items by their "file" where they have one (the pace rows do).
            items = [(x.get("file", i) if isinstance(x, dict) else i, x) for i, x in enumerate(node)]
        else:
            items = []
        if not items:
            raise Missing("not in the result: " + SEP.join(map(str, name + (step,))))
        for key, child in items:
            yield from expand(child, rest, name + (key,))
    elif isinstance(node, dict) and step in node:
        yield from expand(node[step], rest, name + (step,))
    else:
        raise Missing("not in the result: " + SEP.join(map(str, name + (step,))))


def number(v):
    if isinstance(v, list):
        return len(v)
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        raise Missing("not a finite number: %r" % (v,))
    return v


def measure(gate, value):
    if "rel_err_max" in gate:
        if not isinstance(value, dict):
            raise Missing("not an object with %r and %r" % (gate["est"], gate["true"]))
        est, true = number(value.get(gate["est"])), number(value.get(gate["true"]))
        if true == 0:
            raise Missing("true value is 0")
        return abs(est / true - 1)
    return number(value)


def verdict(gate, v):
    """(passed, limit text) for a measured value."""
    checks = []
    if "min" in gate:
        checks.append((v >= gate["min"], ">= %g" % gate["min"]))
    if "max" in gate:
        checks.append((v <= gate["max"], "<= %g" % gate["max"]))
    if "rel_err_max" in gate:
        checks.append((v <= gate["rel_err_max"],
                       "|%s/%s - 1| <= %g" % (gate["est"], gate["true"], gate["rel_err_max"])))
    return all(ok for ok, _ in checks), " and ".join(text for _, text in checks)


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        with open(argv[1]) as f:
            result = json.load(f)
        with open(argv[2]) as f:
            gates = json.load(f)["gates"]
        if not isinstance(result, dict):
            raise ValueError("%s is not a JSON object" % argv[1])
    except (OSError, ValueError, KeyError) as e:
        print("accuracy_gate: cannot read input: %s" % e, file=sys.stderr)
        return 2
    for g in gates:
        if not isinstance(g.get("path"), list) or not ({"min", "max", "rel_err_max"} & g.keys()):
            print("accuracy_gate: a gate needs a list \"path\" and a limit: %r" % (g,), file=sys.stderr)
            return 2
        if "rel_err_max" in g and not ("est" in g and "true" in g):
            print("accuracy_gate: rel_err_max needs \"est\" and \"true\": %r" % (g,), file=sys.stderr)
            return 2
    listed = [g for g in gates if g["path"] == ["failures"]]
    if any(g.get("max") != 0 or g.keys() & {"min", "rel_err_max"} for g in listed):
        print("accuracy_gate: the failures gate is \"max\": 0 and nothing else", file=sys.stderr)
        return 2
    if not listed:
        gates = [FAILURES_GATE] + gates

    passed = failed = 0
    for g in gates:
        try:
            figures = list(expand(result, g["path"]))
        except Missing as e:
            figures = [(g["path"], e)]
        for name, value in figures:
            name = SEP.join(map(str, name))
            try:
                if isinstance(value, Missing):
                    raise value
                v = measure(g, value)
                ok, limit = verdict(g, v)
                line = "%s  %-60s %10.4g  %s" % ("PASS" if ok else "FAIL", name, v, limit)
                if isinstance(g.get("target"), dict):
                    met, goal = verdict(dict(g["target"], est=g.get("est"), true=g.get("true")), v)
                    line += "   (target %s: %s)" % (goal, "met" if met else "not yet")
            except Missing as e:
                ok = False
                line = "FAIL  %-60s    MISSING  (%s)" % (name, e)
            if not ok:
                line += "   [%s]" % g.get("why", "")
            print(line)
            passed, failed = passed + ok, failed + (not ok)
    failures = result.get("failures")
    for fl in failures if isinstance(failures, list) else []:
        print("  binary failed on %s" % (fl.get("file"),) if isinstance(fl, dict) else fl)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
