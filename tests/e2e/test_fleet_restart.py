"""Settings that need a restart: the kiosk (a real process) reports them pending, /admin's fleet page shows it,
and the kiosk restarts itself at an idle moment; started again (as its service manager does), it runs them."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from domain import kiosksettings
from tests.helpers.browser import screen_page
from tests.helpers.fleet import KioskFleet
from tests.helpers.servicenet_proc import running_servicenet
from tests.helpers.staff import add_staff, sign_in

pytestmark = pytest.mark.slow
HALL = "鳌头镇便民服务中心"
QUIET = 8  # seconds of an untouched home screen (and of the change waiting) before the idle restart


@pytest.fixture
def fleet(tmp_path: Path) -> Iterator[KioskFleet]:
    with running_servicenet(tmp_path / "servicenet.db") as net:
        with KioskFleet(net, tmp_path, 1, beat=1.0, args=("--idle-restart-after", str(QUIET))) as kiosks:
            yield kiosks


@pytest.mark.timeout(300)
def test_a_change_that_needs_a_restart_is_pending_then_applied_at_an_idle_restart(fleet: KioskFleet,
                                                                                   shots: Path) -> None:
    [kiosk] = fleet.kiosks
    fleet.wait(lambda: fleet.fleet_view()[kiosk.device_id].get("last_beat"), "the kiosk beating")
    r = requests.post(f"{fleet.net.url}/v1/backoffice/settings", timeout=10,
                      headers={"Authorization": f"Bearer {fleet.token}"},
                      json={"scope": f"hall:{HALL}", "settings": {"idle_timeout": 75}})
    assert r.status_code == 200
    version = r.json()["version"]

    view = fleet.wait(lambda: (k := fleet.fleet_view()[kiosk.device_id])["settings_version"] == version and k,
                      "the kiosk to report the received settings")
    assert view["restart_pending"] and view["settings_running"] < version
    with screen_page(shots, 1280, 800) as page:
        admin = add_staff(fleet.net.db_url, "A300", ["admin"], name="运维管理员")
        sign_in(page, fleet.net.url, admin, next="/admin/kiosks")
        row = page.inner_text(f"#kiosks tr[data-device='{kiosk.device_id}'] .settings-version")
        assert f"已收到 v{version}" in row and "待空闲时重启生效" in row
        page.screenshot(path=str(shots / "admin_kiosks_restart_pending.png"), full_page=True)

    assert kiosk.proc is not None
    assert kiosk.proc.wait(QUIET + 30) == 0  # it restarted itself: a clean exit for the service manager
    logs = (Path(kiosk.settings.data_dir) / "logs" / "kiosk.log").read_text(encoding="utf-8").splitlines()
    assert any("idle restart to apply: idle_timeout" in json.loads(line).get("msg", "") for line in logs)
    assert kiosksettings.load(kiosk.config_path).idle_timeout == 75

    fleet.start(kiosk)  # what systemd's Restart=always does
    after = fleet.wait(lambda: (k := fleet.fleet_view()[kiosk.device_id])["settings_running"] == version and k,
                       "the restarted kiosk to run the new settings")
    assert not after["restart_pending"]
    fleet.stop(kiosk)
    assert kiosk.proc is None or kiosk.proc.poll() is not None
