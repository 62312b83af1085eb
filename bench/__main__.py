"""`make bench`: run every benchmark module in bench/, print ratios against same-run baselines, write JSON.

A benchmark is a module here with `run(quick: bool) -> {name: {value, unit, baseline, baseline_name, ratio,
n}}`; the baseline is measured in the same run, so the ratio holds on a noisy machine.

`--quick` is the smoke run CI makes (`make bench-smoke`): every module with few samples and no thresholds. A
module that raises, or returns a figure without its same-run baseline and ratio, fails the run (exit 1) after
the others have run; the figures that were measured are written either way.
"""
from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import time
import traceback
from numbers import Real
from pathlib import Path
from typing import Any

import bench

FIELDS = ("value", "unit", "baseline", "baseline_name", "ratio", "n")


def modules(only: list[str]) -> list[str]:
    names = sorted(m.name for m in pkgutil.iter_modules(bench.__path__) if not m.name.startswith("_"))
    unknown = set(only) - set(names)
    if unknown:
        raise SystemExit(f"bench: no such benchmark module: {', '.join(sorted(unknown))}")
    return [n for n in names if not only or n in only]


def problems(key: str, r: Any) -> list[str]:
    """What is wrong with one figure; [] when it has every field, with a number for value, baseline, ratio."""
    if not isinstance(r, dict):
        return [f"{key}: not a dict"]
    out = [f"{key}: missing {f}" for f in FIELDS if f not in r]
    out += [f"{key}: {f} is not a number ({r[f]!r})" for f in ("value", "baseline", "ratio")
            if f in r and (not isinstance(r[f], Real) or isinstance(r[f], bool))]
    return out


def run_module(name: str, quick: bool, results: dict[str, Any]) -> list[str]:
    """Run bench.<name> and add its figures to results; returns what failed (empty when it ran)."""
    t0 = time.monotonic()
    try:
        module = importlib.import_module(f"bench.{name}")
        if not hasattr(module, "run"):
            return []
        figures = module.run(quick)
    except Exception:  # a benchmark that cannot run is a failure of the run, not the end of it
        traceback.print_exc()
        return [f"{name}: raised (traceback above)"]
    failed = [p for key, r in figures.items() for p in problems(key, r)] if figures else [f"{name}: no figures"]
    for key, r in figures.items():
        if problems(key, r):
            continue
        results[key] = r
        print(f"{key:32s} {r['value']:>10} {r['unit']:5s} baseline {r['baseline']:>10} {r['unit']:5s} "
              f"ratio {r['ratio']:>7}  ({r['baseline_name']}, n={r['n']})", flush=True)
    print(f"-- {name}: {time.monotonic() - t0:.1f} s", flush=True)
    return failed


def main() -> int:
    parser = argparse.ArgumentParser(prog="bench")
    parser.add_argument("--out", default="bench/results.json")
    parser.add_argument("--quick", action="store_true", help="fewer samples (a smoke run, no thresholds)")
    parser.add_argument("only", nargs="*", help="run only these benchmark modules")
    args = parser.parse_args()
    results: dict[str, Any] = {}
    failed: list[str] = []
    for name in modules(args.only):
        failed += run_module(name, args.quick, results)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if failed:
        print("bench FAILED:\n  " + "\n  ".join(failed), flush=True)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
