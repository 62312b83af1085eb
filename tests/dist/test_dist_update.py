"""The real one-folder build through the network, as a kiosk in a hall gets it.

`make dist`'s folder (hard links of it: nothing is copied or changed in dist/) is signed with deploy/update.py,
published on a real servicenet (`servicenet fleet publish`) and rolled out to an enrolled kiosk. The kiosk's
heartbeat gets the offer; deploy/fetch.py downloads it through a link that is cut once part-way (what was
fetched is kept, and the next run asks only for the rest), assembles and verifies it; update.py install
switches `current` to it over a small older build. Then the switched-to build starts as its unit starts it
(guard.py start, then current/kiosk): it passes its start-up self-test, beats with its signed version, and
confirms itself through guard.py.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests

from kiosk import config
from kiosk.config import UpdateSettings
from servicenet.process import stop_process
from tests.dist.test_dist import devices, settings_for  # noqa: F401 - fixture
from tests.helpers.builds import DEPLOY, Releases, tool
from tests.helpers.enroll import enrolled_settings, signed
from tests.helpers.proxy import CuttableProxy
from tests.helpers.servicenet_proc import running_servicenet
from tests.helpers.staff import staff_token
from tests.helpers.supervisor import Supervisor
from tests.unit.servicenet.test_cli import cli

pytestmark = pytest.mark.slow  # the one-folder dist: `make test-dist` (tests/dist/conftest.py)


class CountingProxy(CuttableProxy):
    """A link counting the bytes the network sends down it, cut (as a dead uplink is) once `cut_after` came."""

    def __init__(self, target_port: int) -> None:
        self.down = 0
        self.cut_after: int | None = None
        super().__init__(target_port)

    def _tap(self, src: socket.socket) -> Callable[[bytes], tuple[bytes, bool]] | None:
        return self._count if self._from_network(src) else None

    def _count(self, data: bytes) -> tuple[bytes, bool]:
        # the answers of one download at a time come down: one writer
        if self.cut_after is not None and self.down + len(data) >= self.cut_after:
            data, self.cut_after = data[:self.cut_after - self.down], None
            self.down += len(data)
            threading.Thread(target=self.cut, daemon=True).start()  # in the middle of an answer
            return data, False
        self.down += len(data)
        return data, True


def linked_copy(src: Path, dest: Path) -> Path:
    """The folder as hard links (same disk) or a copy: signing adds its manifest here, not to dist/."""
    def link(a: str, b: str) -> None:
        try:
            os.link(a, b)
        except OSError:
            shutil.copy2(a, b)
    shutil.copytree(src, dest, symlinks=True, copy_function=link)
    return dest


def wait(done: Callable[[], Any], what: str, timeout: float, alive: Callable[[], str] = lambda: "") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (got := done()):
            return got
        if (why := alive()):
            raise AssertionError(f"{why} while waiting for {what}")
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def run_fetch(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, str(DEPLOY / "fetch.py"), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def fetched_bytes(blobs: Path) -> int:
    return sum(p.stat().st_size for p in blobs.iterdir()) if blobs.is_dir() else 0


@pytest.mark.timeout(600)  # about 2 minutes on a quiet machine: 333 MB published, fetched, copied, verified
def test_the_dist_build_is_published_fetched_resumably_installed_and_confirmed(
        dist: Path, tmp_path: Path, devices: Any) -> None:  # noqa: F811 - the fixture imported above
    t0 = time.monotonic()
    releases = Releases(tmp_path / "release")
    build = linked_copy(dist, tmp_path / "release" / "dist" / "kiosk")
    tool("update.py", "sign", str(build), "--key", str(releases.private))  # its version from the build's metadata
    signed_manifest = json.loads((build / "BUILD-MANIFEST.json").read_text("utf-8"))
    version, listed = str(signed_manifest["version"]), signed_manifest["files"]
    total = sum(int(i["size"]) for i in listed.values())
    assert total > 100 << 20  # the real build, not a stand-in
    root = tmp_path / "opt"
    releases.install(releases.build("0.0.1"), root)  # what the kiosk ran before: a small signed build
    t_signed = time.monotonic()

    with running_servicenet(tmp_path / "servicenet.db") as sn:
        net = signed(sn)
        done = cli(sn.db_url, "fleet", "publish", str(build), "--release-key", str(releases.public))
        assert done.returncode == 0 and f"published {version}" in done.stdout, done.stderr
        t_published = time.monotonic()
        assert cli(sn.db_url, "fleet", "rollout", version, "--canary", net.creds.device_id).returncode == 0
        beat = {"at": "2026-12-04T12:00:00+08:00", "queue_depth": 0, "printer": {"health": "ok", "reason": ""},
                "reader": {"health": "ok", "reason": ""}, "app_version": "0.0.1"}
        answer = net.http.post(f"{sn.url}/v1/devices/heartbeat", json=beat, timeout=10)
        offer = answer.json()["release"]
        assert answer.status_code == 200 and offer["version"] == version
        (tmp_path / "offer.json").write_text(json.dumps(offer), encoding="utf-8")
        staging = tmp_path / "var" / "incoming"

        with CountingProxy(sn.port) as link:
            args = (str(tmp_path / "offer.json"), "--files-url", link.url + offer["files_url"], "--staging",
                    str(staging), "--pubkey", str(releases.public))
            link.cut_after = total // 3
            first = run_fetch(*args)
            try:
                _, err = first.communicate(timeout=180)
            finally:
                stop_process(first, 5)
            assert first.returncode == 1 and "download interrupted" in err and "kept for the next try" in err, err
            wait(lambda: not link.is_up, "the link to drop", 10)
            kept = fetched_bytes(staging / "blobs")
            assert list((staging / "blobs").glob("*.part")) and total // 4 < kept < total // 3  # less: headers came too
            cut_at = link.down
            assert cut_at == total // 3
            link.restore()
            second = run_fetch(*args)
            out, err = second.communicate(timeout=300)
            assert second.returncode == 0, err
            fetched = Path(out.strip().splitlines()[-1])
            resent = link.down - cut_at
            # the second run asked only for what was missing: the rest of the build and ~800 answers' headers
            assert total - kept <= resent < total - kept + 1024 * len(listed), (total, kept, resent)
        t_fetched = time.monotonic()

        tool("update.py", "install", str(fetched), "--root", str(root), "--pubkey", str(releases.public))
        assert (root / "current").resolve().name.startswith(f"{version}-")
        assert (root / "previous").resolve().name.startswith("0.0.1-")
        shutil.rmtree(staging)  # what the kiosk's updater does once the build is in builds/
        t_installed = time.monotonic()

        # -- the switched-to build starts as the unit starts it: guard.py start, then current/kiosk -------------
        reader, printer = devices
        settings = settings_for(tmp_path, reader.device_path, printer.port)
        settings.network_url, settings.heartbeat_interval, settings.sync_interval = sn.url, 1.0, 0.5
        settings.update = UpdateSettings(root=str(root), tools=str(DEPLOY), python=sys.executable,
                                         pubkey=str(releases.public), confirm_after=1.0)
        settings.hall_name = "测试大厅"  # the hall it was enrolled in (tests/helpers/enroll.py)
        for key, value in enrolled_settings(net.creds, tmp_path / "device.pem").items():
            setattr(settings, key, value)
        cfg = tmp_path / "kiosk.toml"
        cfg.write_text(config.dump(settings), encoding="utf-8")
        (tmp_path / "home").mkdir()
        env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path / "home"), "LANG": "C.UTF-8",
               "QT_QPA_PLATFORM": "offscreen", "KIOSK_CACHE_DIR": str(tmp_path / "cache")}
        kiosk = Supervisor(root, ["--config", str(cfg)], env, tmp_path, tmp_path / "kiosk-stderr.txt")
        token = staff_token(sn.db_url, "DIST-ADMIN", ["admin"])

        def reported() -> str:
            r = requests.get(f"{sn.url}/v1/backoffice/kiosks", headers={"Authorization": f"Bearer {token}"},
                             timeout=10)
            if r.status_code != 200:
                return ""  # busy (429): asked again
            return str({k["device_id"]: k for k in r.json()["kiosks"]}[net.creds.device_id]["app_version"])

        def dead() -> str:
            return "" if kiosk.alive() else "the supervisor stopped: " + \
                (tmp_path / "kiosk-stderr.txt").read_text("utf-8", "replace")[-2000:]

        kiosk.start()
        try:
            started = wait(lambda: (r := json.loads(tool("guard.py", "status", "--root", str(root)))).get("starts")
                           and r, "the guard's count of the start", 60, dead)
            assert (started["version"], started["starts"], started["confirmed"]) == (version, 1, False)
            wait(lambda: reported() == version, f"the kiosk to beat as {version}", 120, dead)
            record = wait(lambda: (r := json.loads(tool("guard.py", "status", "--root", str(root))))["confirmed"]
                          and r, "the build to confirm itself through guard.py", 120, dead)
            assert kiosk.exits == []  # one start: no self-test failure, no rollback, no restart
        finally:
            kiosk.stop()
    assert (record["version"], record["rolled_back_from"], record["starts"]) == (version, "", 1)
    assert (root / "current").resolve().name.startswith(f"{version}-")
    log = (tmp_path / "var" / "logs" / "kiosk.log").read_text("utf-8")
    assert f"build {version} confirmed" in log
    for big in (root / "builds", tmp_path / "release" / "dist", tmp_path / "servicenet.db"):  # ~1 GB kept otherwise
        shutil.rmtree(big) if big.is_dir() else big.unlink()
    print(f"\n{total >> 20} MiB, {len(listed)} files: signed {t_signed - t0:.0f} s, published "
          f"{t_published - t_signed:.0f} s, fetched with one cut {t_fetched - t_published:.0f} s, installed "
          f"{t_installed - t_fetched:.0f} s, started and confirmed {time.monotonic() - t_installed:.0f} s; "
          f"cut after {cut_at >> 20} MiB with {kept >> 20} MiB kept, {resent >> 20} MiB sent after it")
