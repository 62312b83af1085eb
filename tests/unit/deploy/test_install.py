"""deploy/install.sh into a staging root: the layout a technician's install makes, signed and unsigned."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.unit.deploy.conftest import DEPLOY
from tests.unit.deploy.test_update import make_build

SCRIPT = DEPLOY / "install.sh"


def install(*args: str) -> subprocess.CompletedProcess[str]:
    # the script runs update.py with python3: let that be this venv's (it has cryptography, as Debian's
    # python3-cryptography gives the system python3 on a kiosk)
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    return subprocess.run(["bash", str(SCRIPT), *args], capture_output=True, text=True, timeout=120, env=env)


def test_the_script_parses() -> None:
    assert subprocess.run(["bash", "-n", str(SCRIPT)]).returncode == 0
    assert os.access(SCRIPT, os.X_OK) and os.access(DEPLOY / "update.py", os.X_OK)
    assert "--root DIR" in install("--help").stdout


def test_a_signed_install_then_an_update(tmp_path: Path, update: ModuleType) -> None:
    priv, pub = tmp_path / "k.pem", tmp_path / "k.pub"
    update.keygen(priv, pub)
    first, second = make_build(tmp_path / "b1", "1.0.0"), make_build(tmp_path / "b2", "1.1.0")
    update.sign(first, priv)
    update.sign(second, priv)
    root = tmp_path / "root"

    done = install("--root", str(root), "--pubkey", str(pub), str(first))
    assert done.returncode == 0, done.stderr
    opt, etc = root / "opt" / "hall-kiosk", root / "etc"
    assert (opt / "current" / "kiosk").is_file() and (opt / "bin" / "update.py").is_file()
    assert (opt / "README.md").is_file()
    assert (etc / "hall-kiosk" / "update-key.pub").read_bytes() == pub.read_bytes()
    assert (etc / "hall-kiosk" / "kiosk.toml").read_text("utf-8") == (DEPLOY / "kiosk.toml.example").read_text("utf-8")
    assert (etc / "systemd" / "system" / "hall-kiosk.service").read_text() == (
        DEPLOY / "hall-kiosk.service").read_text()
    assert not (etc / "systemd" / "system" / "servicenet.service").exists()  # only when asked for
    assert (etc / "pam.d" / "hall-kiosk").is_file()
    assert (etc / "systemd" / "logind.conf.d" / "hall-kiosk.conf").is_file()

    # an update from the USB stick: the same script again (the settings stay), or update.py alone
    (etc / "hall-kiosk" / "kiosk.toml").write_text('region = "440106"\n', encoding="utf-8")
    done = install("--root", str(root), str(second))
    assert done.returncode == 0, done.stderr
    assert (etc / "hall-kiosk" / "kiosk.toml").read_text("utf-8") == 'region = "440106"\n'
    assert update.status(opt)["current"].startswith("builds/1.1.0-")
    assert update.status(opt)["previous"].startswith("builds/1.0.0-")


def test_unsigned_builds_need_the_flag(tmp_path: Path) -> None:
    build = make_build(tmp_path / "b", "1.0.0")
    refused = install("--root", str(tmp_path / "r1"), str(build))
    assert refused.returncode != 0 and "--unsigned" in refused.stderr
    done = install("--root", str(tmp_path / "r2"), "--unsigned", "--demo", "--venv", "/nonexistent", str(build))
    assert done.returncode != 0 and "--venv: /nonexistent does not exist" in done.stderr
    assert not (tmp_path / "r2").exists()  # checked before anything is touched


@pytest.mark.parametrize("args, message", [
    ((), "which build"),
    (("/nonexistent",), "not a kiosk build folder"),
    (("--servicenet", "mysql", "."), "sqlite or postgres"),
    (("--bogus",), "unknown option"),
])
def test_bad_arguments(args: tuple[str, ...], message: str, tmp_path: Path) -> None:
    done = install("--root", str(tmp_path), *args)
    assert done.returncode != 0 and message in done.stderr


def test_staged_demo_hall_with_servicenet(tmp_path: Path) -> None:
    build = make_build(tmp_path / "b", "1.0.0")
    root = tmp_path / "root"
    venv_python = root / "opt" / "hall-kiosk" / "venv" / "bin" / "python"
    venv_python.parent.mkdir(parents=True)
    venv_python.write_text("#!/bin/sh\n")
    venv_python.chmod(0o755)
    done = install("--root", str(root), "--unsigned", "--demo", "--servicenet", "postgres", str(build))
    assert done.returncode == 0, done.stderr
    assert os.access(root / "opt" / "hall-kiosk" / "bin" / "demo_sims.py", os.X_OK)
    assert (root / "etc" / "hall-kiosk" / "kiosk.toml").read_text("utf-8") == (
        DEPLOY / "kiosk-demo.toml.example").read_text("utf-8")
    units = root / "etc" / "systemd" / "system"
    assert sorted(p.name for p in units.iterdir()) == ["hall-kiosk-sims.service", "hall-kiosk.service",
                                                      "servicenet-postgres.service"]
