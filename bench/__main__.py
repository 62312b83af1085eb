"""`make bench`: run every benchmark, print ratios against their same-run baselines, write results.json."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from bench import coldstart, enqueue


def main() -> int:
    parser = argparse.ArgumentParser(prog="bench")
    parser.add_argument("--out", default="bench/results.json")
    parser.add_argument("--quick", action="store_true", help="fewer samples (for a smoke run)")
    args = parser.parse_args()
    results: dict[str, dict[str, object]] = {}
    results.update(enqueue.run(100 if args.quick else 500))
    results.update(coldstart.run(2 if args.quick else 5))
    for name, r in results.items():
        print(f"{name:28s} {r['value']:>10} {r['unit']:3s} baseline {r['baseline']:>10} {r['unit']:3s} "
              f"ratio {r['ratio']:>6}  ({r['baseline_name']}, n={r['n']})")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
