"""Small signed kiosk builds for tests of updates through the network.

A real build is dist/kiosk from `make dist` (PyInstaller, minutes and ~200 MB). A test build is a folder signed
the same way (deploy/update.py sign) whose entry point `kiosk` is a launcher script running the build's own copy
of the application (app/: domain, drivers, sync, kiosk, assets) with the test's Python:

    builds/1.1.0-…/kiosk                 #!/bin/sh: KIOSK_BUILD_DIR=<this folder> PYTHONPATH=<this folder>/app
    builds/1.1.0-…/app/kiosk/qml/…       python -m kiosk.boot "$@"
    builds/1.1.0-…/BUILD-MANIFEST.json   its version is what the kiosk reports (sync.updater.running_version)

So what is fetched, verified, switched to and rolled back is the code that runs. A `broken` build carries a
Main.qml that does not parse: its window does not load, so its start-up self-test fails. A `crash` build's
launcher exits at once: only the start guard can see it fail.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from servicenet.process import REPO_ROOT

DEPLOY = REPO_ROOT / "deploy"
APP = ("domain", "drivers", "sync", "kiosk", "assets")
LAUNCHER = """#!/bin/sh
# a test build's entry point: the kiosk from this build's own copy of the application
here="$(cd "$(dirname "$0")" && pwd -P)"
KIOSK_BUILD_DIR="$here" PYTHONPATH="$here/app" exec {python} -m kiosk.boot "$@"
"""
CRASH = """#!/bin/sh
# a build that dies before any of the kiosk's code runs (a missing library, a bad interpreter)
echo "kiosk: cannot start" >&2
exit 70
"""


def tool(name: str, *args: str) -> str:
    done = subprocess.run([sys.executable, str(DEPLOY / name), *args], capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"{name} {' '.join(args)}: {done.stderr or done.stdout}")
    return done.stdout


class Releases:
    """An update key pair and the builds signed with it, under `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        (folder / "keys").mkdir(parents=True, exist_ok=True)
        self.private, self.public = folder / "keys" / "update-key.pem", folder / "keys" / "update-key.pub"
        if not self.private.exists():
            tool("update.py", "keygen", "--private", str(self.private), "--public", str(self.public))

    def build(self, version: str, broken: bool = False, crash: bool = False) -> Path:
        """A signed build; `broken`: its window does not load; `crash`: it exits before the kiosk's code runs."""
        out = self.folder / "dist" / version
        for name in APP:
            shutil.copytree(REPO_ROOT / name, out / "app" / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.qm"))
        launcher = out / "kiosk"
        launcher.write_text(CRASH if crash else LAUNCHER.format(python=sys.executable), encoding="utf-8")
        launcher.chmod(0o755)
        if broken:
            with (out / "app" / "kiosk" / "qml" / "Main.qml").open("a", encoding="utf-8") as f:
                f.write("\n}} this build's window does not parse\n")
        tool("update.py", "sign", str(out), "--key", str(self.private), "--version", version)
        return out

    def install(self, build: Path, root: Path) -> None:
        """What deploy/install.sh does with the first build (update.py install)."""
        tool("update.py", "install", str(build), "--root", str(root), "--pubkey", str(self.public))
