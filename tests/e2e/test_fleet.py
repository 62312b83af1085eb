"""Running a fleet from the network: three enrolled kiosks as real processes on a real servicenet.

Each kiosk prints to its own ESC/POS emulator and reads from its own SAM reader pty; the network only knows
what their heartbeats say.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from domain import kiosksettings
from tests.helpers.browser import screen_page
from tests.helpers.fleet import KioskFleet
from tests.helpers.servicenet_proc import running_servicenet
from tests.helpers.sms import inbox
from tests.helpers.staff import add_staff, sign_in
from tests.unit.servicenet.test_cli import cli

pytestmark = pytest.mark.slow
TECH = "13900003333"
HALL = "鳌头镇便民服务中心"


@pytest.fixture
def fleet(tmp_path: Path) -> Iterator[KioskFleet]:
    with running_servicenet(tmp_path / "servicenet.db") as net:
        assert cli(net.db_url, "fleet", "technician", "--hall", HALL, "--phone", TECH, "--name", "李工").returncode == 0
        with KioskFleet(net, tmp_path, 3, beat=1.0) as kiosks:
            yield kiosks


def healthy(fleet: KioskFleet) -> bool:
    view = fleet.fleet_view()
    return all(view.get(k.device_id, {}).get("printer") and view[k.device_id]["printer"]["paper"] == "ok"
               and view[k.device_id]["reader"]["health"] == "ok" for k in fleet.kiosks)


@pytest.mark.timeout(400)
def test_paper_out_on_one_kiosk_is_one_alert_and_clears(fleet: KioskFleet, shots: Path) -> None:
    fleet.wait(lambda: healthy(fleet), "three kiosks beating with paper and a reader", timeout=120)
    assert fleet.alerts() == []
    first, *others = fleet.kiosks

    first.printer.paper_out = True  # the roll runs out on the first kiosk
    [alert] = fleet.wait(lambda: [a for a in fleet.alerts(open_only=True) if a["condition"] == "paper_out"],
                         "the paper-out alert")
    assert alert["device_id"] == first.device_id and alert["notified"] == TECH
    beats = fleet.fleet_view()[first.device_id]["last_beat"]
    fleet.wait(lambda: fleet.fleet_view()[first.device_id]["last_beat"] != beats, "another beat")
    time.sleep(3 * fleet.beat)  # a few more beats with the paper still out
    assert [(a["device_id"], a["condition"]) for a in fleet.alerts()] == [(first.device_id, "paper_out")]
    [sent] = inbox(fleet.net.url, TECH, want=1)
    assert first.device_id in sent and "打印机缺纸" in sent and HALL in sent

    with screen_page(shots, 1280, 800) as page:
        admin = add_staff(fleet.net.db_url, "A100", ["admin"], name="运维管理员")
        sign_in(page, fleet.net.url, admin, next="/admin/alerts")
        page.wait_for_selector(f"#alerts tr[data-device='{first.device_id}'][data-condition='paper_out']")
        assert "未解除 1 条" in page.inner_text("main")
        page.screenshot(path=str(shots / "admin_alerts_paper_out.png"), full_page=True)
        page.goto(f"{fleet.net.url}/admin/kiosks")
        page.wait_for_selector(f"#kiosks tr[data-device='{first.device_id}']")
        assert "缺纸" in page.inner_text(f"#kiosks tr[data-device='{first.device_id}']")
        page.screenshot(path=str(shots / "admin_kiosks_paper_out.png"), full_page=True)

        first.printer.paper_out = False  # refilled
        fleet.wait(lambda: not fleet.alerts(open_only=True), "the alert to clear")
        [cleared] = fleet.alerts()
        assert cleared["resolved_at"] and not cleared["open"]
        texts = inbox(fleet.net.url, TECH, want=2)
        assert len(texts) == 2 and "已恢复" in texts[1]
        page.goto(f"{fleet.net.url}/admin/alerts")
        assert "未解除 0 条" in page.inner_text("main") and "已解除" in page.inner_text("#alerts")
        page.screenshot(path=str(shots / "admin_alerts_cleared.png"), full_page=True)
    assert all(k.proc is not None and k.proc.poll() is None for k in fleet.kiosks)  # nobody restarted
    assert not any(a["device_id"] != first.device_id for a in fleet.alerts())


@pytest.mark.timeout(400)
def test_a_settings_change_reaches_every_kiosk(fleet: KioskFleet, shots: Path) -> None:
    fleet.wait(lambda: all(k.get("last_beat") for k in fleet.fleet_view().values()), "three kiosks beating")
    with screen_page(shots, 1280, 900) as page:
        admin = add_staff(fleet.net.db_url, "A200", ["admin"], name="运维管理员")
        sign_in(page, fleet.net.url, admin, next="/admin/settings")
        page.fill("#target", HALL)
        page.fill("#idle_timeout", "5")  # below the kiosk's schema's 15 s: refused on the network
        page.click("#save-settings")
        assert "idle_timeout" in page.inner_text("#settings-error")
        page.fill("#idle_timeout", "90")
        page.fill("#hall_name", "鳌头镇政务服务中心")
        page.click("#save-settings")
        page.wait_for_selector("#settings-changes tr[data-version]")
        page.screenshot(path=str(shots / "admin_settings.png"), full_page=True)
    [change] = fleet.staff_get("/v1/backoffice/settings")["changes"]
    version = change["version"]
    assert change["staff_id"] == "A200" and change["doc"] == {"hall_name": "鳌头镇政务服务中心", "idle_timeout": 90}

    fleet.wait(lambda: all(k["settings_version"] == version for k in fleet.fleet_view().values()),
               "every kiosk to report the new settings version")
    for k in fleet.kiosks:
        held = kiosksettings.load(k.config_path)  # what the kiosk wrote for its next start
        assert (held.hall_name, held.idle_timeout, held.settings_version) == ("鳌头镇政务服务中心", 90, version)
    assert all(k.proc is not None and k.proc.poll() is None for k in fleet.kiosks)  # applied without a restart
