"""The one-folder build the tests in tests/dist run: KIOSK_DIST=dist/kiosk (what `make test-dist` built with
`make dist`), or KIOSK_DIST=build (a fresh build in a temporary folder, once per run). Without KIOSK_DIST they
skip, so `make test` stays fast."""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).absolute().parents[2]
DIST = os.environ.get("KIOSK_DIST", "")


@pytest.fixture(scope="session")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not DIST:
        pytest.skip("the one-folder build is tested by `make test-dist` (KIOSK_DIST)")
    if DIST != "build":
        return Path(DIST).resolve()
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.skip("PyInstaller is not installed (pip install -e '.[dist]')")
    work = tmp_path_factory.mktemp("pyinstaller")
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                           "--distpath", str(work / "dist"), "--workpath", str(work / "build"), "kiosk.spec"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    print(f"\nkiosk.spec built in {time.monotonic() - started:.0f} s")
    return work / "dist" / "kiosk"
