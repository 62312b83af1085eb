"""deploy/*.service: `systemd-analyze verify` passes, and each unit says what the kiosk relies on."""
from __future__ import annotations

import configparser
import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk import config
from tests.unit.deploy.conftest import DEPLOY

UNITS = sorted(DEPLOY.glob("*.service"))
OPT = "/opt/hall-kiosk/"


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(DEPLOY / name, encoding="utf-8")
    return parser


def test_the_four_units_are_there() -> None:
    assert [p.name for p in UNITS] == ["hall-kiosk-sims.service", "hall-kiosk.service",
                                       "servicenet-postgres.service", "servicenet.service"]


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="needs systemd-analyze (make test installs it)")
def test_systemd_analyze_verify(tmp_path: Path) -> None:
    """Verify each unit as shipped. verify checks that every command exists, and the venv and build under
    /opt/hall-kiosk exist only on an installed kiosk: the copies here point /opt/hall-kiosk at a stand-in tree
    with those executables; everything else (cage, chvt, the unit syntax) is checked for real."""
    opt = tmp_path / "opt" / "hall-kiosk"
    for exe in ("venv/bin/python", "venv/bin/servicenet", "current/kiosk"):
        path = opt / exe
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("#!/bin/sh\n")
        path.chmod(0o755)
    copies = []
    for path in UNITS:
        copy = tmp_path / path.name
        copy.write_text(path.read_text("utf-8").replace(OPT, f"{opt}/"), encoding="utf-8")
        copies.append(str(copy))
    done = subprocess.run(["systemd-analyze", "verify", "--man=no", *copies], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "", done.stderr  # no warnings either


def test_the_kiosk_unit_restarts_and_is_watched() -> None:
    s = unit("hall-kiosk.service")["Service"]
    assert s["Type"] == "notify" and s["NotifyAccess"] == "all" and s["Restart"] == "always"
    assert int(s["WatchdogSec"]) >= 10
    assert s["User"] == "kiosk" and s["PAMName"] == "hall-kiosk" and s["TTYPath"] == "/dev/tty7"
    assert s["ExecStart"].startswith("/usr/bin/cage -d -- /opt/hall-kiosk/current/kiosk ")
    assert "--fullscreen" in s["ExecStart"] and "--config /etc/hall-kiosk/kiosk.toml" in s["ExecStart"]
    assert " -s " not in s["ExecStart"]  # no VT switching out of the kiosk
    assert unit("hall-kiosk.service")["Unit"]["StartLimitIntervalSec"] == "0"
    assert s["NoNewPrivileges"] == "yes"


def test_servicenet_units() -> None:
    lite, pg = unit("servicenet.service"), unit("servicenet-postgres.service")
    assert "sqlite:////var/lib/servicenet/" in lite["Service"]["ExecStart"]
    assert pg["Unit"]["Requires"] == "postgresql.service" and "postgresql.service" in pg["Unit"]["After"]
    assert lite["Unit"]["Conflicts"] == "servicenet-postgres.service"
    assert pg["Unit"]["Conflicts"] == "servicenet.service"
    for u in (lite, pg):
        assert u["Service"]["User"] == "servicenet" and u["Service"]["Restart"] == "always"


def test_the_simulators_unit_starts_the_launcher() -> None:
    s = unit("hall-kiosk-sims.service")["Service"]
    assert s["ExecStart"].startswith("/opt/hall-kiosk/venv/bin/python /opt/hall-kiosk/bin/demo_sims.py ")
    assert s["Type"] == "notify" and s["RuntimeDirectory"] == "hall-kiosk-sims" and s["User"] == "kiosk"
    assert importlib.util.find_spec("drivers.sim.launch") is not None, "drivers/sim/launch.py is missing"
    assert "from drivers.sim.launch import launch" in (DEPLOY / "demo_sims.py").read_text("utf-8")


def test_the_example_settings_load(tmp_path: Path) -> None:
    settings = config.load(DEPLOY / "kiosk.toml.example")
    assert settings.data_dir == "/var/lib/hall-kiosk" and settings.reader.kind == "sam"
    demo = config.load(DEPLOY / "kiosk-demo.toml.example")
    assert demo.reader.port == "/run/hall-kiosk-sims/id-reader" and demo.printer.port == 9100
    assert demo.network_url == "http://127.0.0.1:8700"
    net = unit("servicenet.service")["Service"]
    assert "SERVICENET_PORT=8700" in net["Environment"]


def test_the_network_and_the_kiosk_keep_the_halls_time() -> None:
    """servicenet's "today" (web cases' dates and due dates, overdue lights, booking days and slots) and the kiosk's
    are local time: a server left in UTC would date a web application made at 07:00 in Beijing the day before."""
    for name in ("servicenet.service", "servicenet-postgres.service", "hall-kiosk.service"):
        lines = (DEPLOY / name).read_text(encoding="utf-8").splitlines()
        assert "Environment=TZ=Asia/Shanghai" in lines, name
