"""Run the benchmarks and print their figures (a table, or one JSON object).

Each figure is measured side by side with its floor in the same run, so the
ratios hold across machines; absolute times are shown for context.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

#: module name → its figures; each module has ``run() -> dict[str, dict]``.
SUITES = ("benchmarks.bench_engine", "benchmarks.bench_import", "benchmarks.bench_marketdata",
          "benchmarks.bench_mc", "benchmarks.bench_report", "benchmarks.bench_gui",
          "benchmarks.bench_bundle", "benchmarks.bench_scale")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    parser.add_argument("--only", nargs="*", default=None, help="figure names to run")
    parser.add_argument("--large", action="store_true",
                        help="also the 5,000-line x 1,000,000-draw Monte Carlo and its peak memory")
    args = parser.parse_args(argv)
    figures: dict[str, dict] = {}
    for name in SUITES:
        module = importlib.import_module(name)
        extra = {"large": args.large} if "large" in inspect.signature(module.run).parameters else {}
        figures.update(module.run(only=args.only, **extra))
    if args.json:
        json.dump(figures, sys.stdout, indent=2)
        print()
    else:
        print(f"{'figure':<28} {'value':>12} {'goal':>10}  note")
        for key, f in figures.items():
            goal = f.get("goal")
            mark = "" if goal is None else ("ok" if f.get("ok") else "MISSED")
            print(f"{key:<28} {f['value']:>12.4g} {'' if goal is None else f'<= {goal:g}':>10}"
                  f"  {f.get('unit', '')} {mark}  {f.get('note', '')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
