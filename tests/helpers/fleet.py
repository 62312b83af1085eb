"""Kiosks as real processes on a real servicenet, each with its own ESC/POS emulator and SAM reader pty.

    with KioskFleet(net, tmp_path, 3) as fleet:      # net: a ServicenetProcess
        fleet.kiosks[0].printer.paper_out = True      # the emulator the first kiosk prints to
        fleet.wait(lambda kiosks: ..., "why")         # the staff's fleet view (/v1/backoffice/kiosks)

Each kiosk is `python -m kiosk.boot --config <its kiosk.toml>` on the offscreen Qt platform, enrolled through
the real CLI and API, beating every `beat` seconds. Processes are stopped by their PIDs on exit.

`link` is the URL the kiosks reach the network by (tests/helpers/proxy.py's slow or cuttable link).
With `releases` (tests/helpers/builds.py) and an `installed` build, each kiosk instead runs from its own install
root (<home>/opt, the build installed with update.py) under a Supervisor (tests/helpers/supervisor.py: the
kiosk unit's guard, start and restart), and updates itself through the network (settings `update.*`).
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from drivers.sim.escpos_emulator import EscposEmulator
from drivers.sim.sam_reader import SamReaderSim
from kiosk import config
from kiosk.config import PrinterSettings, ReaderSettings, Settings, UpdateSettings
from servicenet.process import REPO_ROOT, stop_process
from tests.helpers.builds import DEPLOY, Releases
from tests.helpers.enroll import Credentials, enroll_device, enrolled_settings
from tests.helpers.staff import staff_token
from tests.helpers.supervisor import Supervisor


@dataclass
class Kiosk:
    creds: Credentials
    settings: Settings
    config_path: Path
    printer: EscposEmulator
    reader: SamReaderSim
    proc: subprocess.Popen[bytes] | None = None
    supervisor: Supervisor | None = None

    @property
    def root(self) -> Path:
        return Path(self.settings.update.root)

    @property
    def device_id(self) -> str:
        return self.creds.device_id


class KioskFleet:
    def __init__(self, net: Any, root: Path, count: int, beat: float = 1.0,
                 halls: tuple[str, ...] = ("鳌头镇便民服务中心",), releases: Releases | None = None,
                 installed: Path | None = None, args: tuple[str, ...] = (), link: str = "") -> None:
        self.net, self.root, self.count, self.beat, self.halls = net, root, count, beat, halls
        self.link = link or net.url  # the URL the kiosks reach the network by: a proxy's (a slow link), or its own
        self.releases, self.installed = releases, installed
        self.args = args  # given to every kiosk.boot
        self.kiosks: list[Kiosk] = []
        self._stack = ExitStack()
        self.token = ""

    def __enter__(self) -> "KioskFleet":
        try:
            self.token = staff_token(self.net.db_url, "FLEET-ADMIN", ["admin"])
            for i in range(self.count):
                self.kiosks.append(self._make(i))
            for k in self.kiosks:
                self.start(k)
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _make(self, i: int) -> Kiosk:
        hall = self.halls[i % len(self.halls)]
        creds = enroll_device(self.net, hall_name=hall)
        home = self.root / f"kiosk{i + 1}"
        home.mkdir(parents=True, exist_ok=True)
        printer = self._stack.enter_context(EscposEmulator(home / "receipts"))
        reader = self._stack.enter_context(SamReaderSim())
        settings = Settings(voice="none", data_dir=str(home / "var"), network_url=self.link, sync_interval=0.5,
                            heartbeat_interval=self.beat, hall_name=hall,
                            reader=ReaderSettings(kind="sam", port=reader.device_path),
                            printer=PrinterSettings(kind="network", host="127.0.0.1", port=printer.port, timeout=2.0),
                            **enrolled_settings(creds, home / "device.pem"))
        settings.devices.probe_interval = 0.5
        if self.releases is not None and self.installed is not None:
            settings.update = UpdateSettings(root=str(home / "opt"), tools=str(DEPLOY), python=sys.executable,
                                             pubkey=str(self.releases.public), confirm_after=2.0)
            self.releases.install(self.installed, home / "opt")
        path = home / "kiosk.toml"
        path.write_text(config.dump(settings), encoding="utf-8")
        return Kiosk(creds, settings, path, printer, reader)

    def env(self, kiosk: Kiosk, **extra: str) -> dict[str, str]:
        home = Path(kiosk.settings.data_dir).parent
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_QUICK_BACKEND="software",
                   KIOSK_CACHE_DIR=str(home / "cache"), PYTHONPATH=str(REPO_ROOT))
        env.pop("NOTIFY_SOCKET", None)
        env.update(extra)
        return env

    def start(self, kiosk: Kiosk, *args: str) -> None:
        home = Path(kiosk.settings.data_dir).parent
        if kiosk.settings.update.root:
            kiosk.supervisor = Supervisor(kiosk.root, ["--config", str(kiosk.config_path), *self.args, *args],
                                          self.env(kiosk),
                                          home, home / "stderr.txt")
            kiosk.supervisor.start()
            return
        with open(home / "stderr.txt", "ab") as err:
            kiosk.proc = subprocess.Popen([sys.executable, "-m", "kiosk.boot", "--config", str(kiosk.config_path),
                                           *self.args, *args], env=self.env(kiosk), cwd=home, stdout=subprocess.DEVNULL,
                                          stderr=err)

    def stop(self, kiosk: Kiosk) -> None:
        if kiosk.supervisor is not None:
            kiosk.supervisor.stop()
        if kiosk.proc is not None:
            stop_process(kiosk.proc, 20)
        kiosk.proc = None

    def close(self) -> None:
        for k in self.kiosks:
            self.stop(k)
        self._stack.close()

    # -- the network's view --------------------------------------------------------------------------

    def staff_get(self, path: str, **params: Any) -> Any:
        r = requests.get(f"{self.net.url}{path}", params=params, timeout=10,
                         headers={"Authorization": f"Bearer {self.token}"})
        r.raise_for_status()
        return r.json()

    def staff_post(self, path: str, body: dict[str, Any]) -> Any:
        r = requests.post(f"{self.net.url}{path}", json=body, timeout=10,
                          headers={"Authorization": f"Bearer {self.token}"})
        assert r.status_code == 200, r.text
        return r.json()

    def fleet_view(self) -> dict[str, dict[str, Any]]:
        return {k["device_id"]: k for k in self.staff_get("/v1/backoffice/kiosks")["kiosks"]}

    def alerts(self, open_only: bool = False) -> list[dict[str, Any]]:
        return list(self.staff_get("/v1/backoffice/alerts", open_only=open_only)["alerts"])

    def wait(self, done: Callable[[], Any], what: str, timeout: float = 90.0) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = done()
            if got:
                return got
            for k in self.kiosks:
                if k.supervisor is not None and not k.supervisor.alive():
                    raise AssertionError(f"the supervisor of {k.device_id} stopped while waiting for {what}: "
                                         + (Path(k.settings.data_dir).parent / "stderr.txt").read_text()[-2000:])
                if k.proc is not None and k.proc.poll() is not None:
                    raise AssertionError(f"kiosk {k.device_id} exited ({k.proc.returncode}) while waiting for {what}: "
                                         + (Path(k.settings.data_dir).parent / "stderr.txt").read_text()[-2000:])
            time.sleep(0.3)
        raise AssertionError(f"timed out waiting for {what}")
