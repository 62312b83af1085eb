"""`make bench`: run every benchmark module in bench/, print ratios against same-run baselines, write JSON.

A benchmark is a module here with `run(quick: bool) -> {name: {value, unit, baseline, baseline_name, ratio,
n}}`; the baseline is measured in the same run, so the ratio holds on a noisy machine.
"""
from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
from pathlib import Path

import bench


def modules(only: list[str]) -> list[str]:
    names = sorted(m.name for m in pkgutil.iter_modules(bench.__path__) if not m.name.startswith("_"))
    return [n for n in names if not only or n in only]


def main() -> int:
    parser = argparse.ArgumentParser(prog="bench")
    parser.add_argument("--out", default="bench/results.json")
    parser.add_argument("--quick", action="store_true", help="fewer samples (a smoke run)")
    parser.add_argument("only", nargs="*", help="run only these benchmark modules")
    args = parser.parse_args()
    results: dict[str, dict[str, object]] = {}
    for name in modules(args.only):
        module = importlib.import_module(f"bench.{name}")
        if not hasattr(module, "run"):
            continue
        for key, r in module.run(args.quick).items():
            results[key] = r
            print(f"{key:32s} {r['value']:>10} {r['unit']:5s} baseline {r['baseline']:>10} {r['unit']:5s} "
                  f"ratio {r['ratio']:>7}  ({r['baseline_name']}, n={r['n']})", flush=True)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
