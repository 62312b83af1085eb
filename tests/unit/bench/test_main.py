"""bench/__main__.py: a benchmark that cannot run, or a figure without its same-run baseline, fails the run."""
from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest

from bench import __main__ as bench_main

GOOD = {"value": 2.0, "unit": "ms", "baseline": 1.0, "baseline_name": "the bare thing", "ratio": 2.0, "n": 5}


@pytest.fixture
def fake_module(monkeypatch: pytest.MonkeyPatch):
    def install(name: str, run) -> str:
        module = types.ModuleType(f"bench.{name}")
        module.run = run
        monkeypatch.setitem(sys.modules, f"bench.{name}", module)
        return name
    return install


def test_a_module_that_raises_is_a_failure_and_the_run_goes_on(fake_module) -> None:
    def boom(quick: bool) -> dict[str, object]:
        raise RuntimeError("GET /v1/catalogue: HTTP 401")

    results: dict[str, object] = {}
    assert bench_main.run_module(fake_module("broken", boom), True, results) == ["broken: raised (traceback above)"]
    assert results == {}
    assert bench_main.run_module(fake_module("fine", lambda quick: {"fine_p95": GOOD}), True, results) == []
    assert results == {"fine_p95": GOOD}


def test_a_figure_without_its_baseline_or_ratio_is_a_failure(fake_module) -> None:
    partial = {k: v for k, v in GOOD.items() if k != "baseline"}
    results: dict[str, object] = {}
    failed = bench_main.run_module(fake_module("partial", lambda quick: {"x": partial, "y": dict(GOOD, ratio=None)}),
                                   True, results)
    assert failed == ["x: missing baseline", "y: ratio is not a number (None)"]
    assert results == {}
    assert bench_main.run_module(fake_module("empty", lambda quick: {}), True, results) == ["empty: no figures"]


def test_quick_is_passed_to_every_module(fake_module) -> None:
    seen: list[bool] = []
    bench_main.run_module(fake_module("q", lambda quick: seen.append(quick) or {"q": GOOD}), True, {})
    assert seen == [True]


def test_every_module_is_discovered_and_an_unknown_name_is_refused() -> None:
    names = bench_main.modules([])
    assert {"catalogue_sync", "coldstart", "enqueue", "sync_drain", "provisioning"} <= set(names)
    assert not any(n.startswith("_") for n in names)
    with pytest.raises(SystemExit, match="no such benchmark module: nope"):
        bench_main.modules(["nope"])


def test_main_writes_what_ran_and_exits_1_on_a_failure(fake_module, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    fake_module("ok", lambda quick: {"ok_p95": GOOD})
    fake_module("bad", lambda quick: 1 / 0)
    monkeypatch.setattr(bench_main, "modules", lambda only: ["bad", "ok"])
    out = tmp_path / "results.json"
    monkeypatch.setattr(sys, "argv", ["bench", "--quick", "--out", str(out)])
    assert bench_main.main() == 1
    assert json.loads(out.read_text(encoding="utf-8")) == {"ok_p95": GOOD}
    monkeypatch.setattr(bench_main, "modules", lambda only: ["ok"])
    assert bench_main.main() == 0
