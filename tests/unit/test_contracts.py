"""Contracts a machine checks (config in pyproject.toml): the import rules (import-linter), lint (ruff, whole
tree), types (mypy --strict on domain/, drivers/, sync/), a reason beside every `# type: ignore[...]` and
`# noqa: ...`, and no source file over 400 lines in the application packages.

Before landing: `.venv/bin/python -m pytest -q tests/unit/test_contracts.py`; `.venv/bin/ruff check --fix .`
repairs import order and most style findings by itself.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PACKAGES = ("kiosk", "sync", "drivers", "domain", "servicenet")
MAX_LINES = 400
# Generated files, not written by hand: Qt Linguist catalogues (python -m kiosk.i18n.extract writes them)
GENERATED = (".ts",)


def _run(*cmd: str, timeout: float = 110) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # check this tree, not whichever one is installed
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def _tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        pytest.fail(f"{name} is missing: pip install -e '.[dev]'")
    return str(path)


def _tracked(*patterns: str) -> list[str]:
    return subprocess.run(["git", "ls-files", *patterns], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout.split()


def test_import_rules() -> None:
    """domain imports nothing of ours; drivers and servicenet only domain; sync domain and drivers.base;
    only kiosk imports Qt ([tool.importlinter] in pyproject.toml)."""
    done = _run(_tool("lint-imports"), "--no-cache")
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


def test_ruff() -> None:
    done = _run(_tool("ruff"), "check", "--no-cache", "--output-format", "concise", ".")
    assert done.returncode == 0, f"{done.stdout[-4000:]}{done.stderr[-2000:]}\nmost fix themselves: ruff check --fix ."


def test_mypy_strict() -> None:
    done = _run(_tool("mypy"), "--cache-dir", str(ROOT / ".mypy_cache"))
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


PRAGMA = re.compile(r"#\s*(type:\s*ignore|noqa)\b(.*)$")
# a type-ignore with [codes] then `  # why`; a noqa with `: CODES` then ` - why` (or `# why`, `(why)`, `: why`)
WITH_REASON = re.compile(r"^(\[[\w\-, ]+\]|:\s*[A-Z]+[0-9]+(\s*,\s*[A-Z]+[0-9]+)*)\s*[#\-—(:]?\s*\w.{2,}")


def _comments(path: Path) -> list[tuple[int, str]]:
    with path.open("rb") as f:
        return [(t.start[0], t.string) for t in tokenize.tokenize(f.readline) if t.type == tokenize.COMMENT]


def test_every_ignore_names_its_code_and_reason() -> None:
    bad = []
    for name in _tracked("*.py"):
        for n, comment in _comments(ROOT / name):
            found = PRAGMA.search(comment)
            if found and not WITH_REASON.match(found.group(2)):
                bad.append(f"{name}:{n}: {comment}")
    assert bad == [], "say which check and why on the same line, e.g. `# type: ignore[misc]  # pyscard has " \
                      "no types` or `# noqa: E402 - after the environment is set`:\n" + "\n".join(bad)


def test_no_source_file_over_the_limit() -> None:
    long = []
    for name in _tracked(*PACKAGES):
        path = ROOT / name
        if name.endswith(GENERATED) or not path.is_file():
            continue
        lines = len(path.read_bytes().splitlines())
        if lines > MAX_LINES:
            long.append(f"{name}: {lines} lines")
    assert long == [], f"over {MAX_LINES} lines: split by job\n" + "\n".join(long)


@pytest.mark.parametrize("line", ["x = 1  # type: ignore", "x = 1  # noqa", "x = 1  # type: ignore[misc]",
                                  "x = 1  # noqa: E402"])
def test_a_bare_ignore_is_refused(line: str) -> None:
    found = PRAGMA.search(line)
    assert found and not WITH_REASON.match(found.group(2))


@pytest.mark.parametrize("line", ["x = 1  # type: ignore[misc]  # pyscard has no types",
                                  "import a  # noqa: E402 - after the environment is set",
                                  "import a  # noqa: F401  (registers the tables)"])
def test_an_ignore_with_its_reason_passes(line: str) -> None:
    found = PRAGMA.search(line)
    assert found and WITH_REASON.match(found.group(2))
