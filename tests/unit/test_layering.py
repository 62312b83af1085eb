"""Qt lives in one room: drivers/, sync/, servicenet/ and domain/ never import PySide6."""
import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEADLESS = ("domain", "drivers", "sync", "servicenet")


@pytest.mark.parametrize("package", HEADLESS)
def test_no_pyside_in_source(package):
    offenders = []
    for path in (ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            qt_or_kiosk = [n for n in names if n.split(".")[0] in ("PySide6", "shiboken6", "kiosk")]
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in qt_or_kiosk]
    assert offenders == []


def test_importing_every_headless_module_loads_no_qt():
    modules = []
    for package in HEADLESS:
        modules.append(package)
        for info in pkgutil.walk_packages([str(ROOT / package)], prefix=package + "."):
            # alembic's env.py and revision scripts run only inside `alembic`, not on import
            if not info.name.endswith("__main__") and ".migrations" not in info.name:
                modules.append(info.name)
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
