"""The fleet run from the network, end to end: three enrolled kiosks (real processes, each under a supervisor
that does what the kiosk unit does) on a real servicenet on 127.0.0.1.

- a settings change reaches all three, and each reports the new version;
- a staged rollout of a signed build whose start-up self-test fails: the canary switches to it, rolls itself
  back, reports it, and the rollout pauses with the other two untouched; a good build then reaches all three;
- paper out on one kiosk is one alert however many beats show it, cleared when paper returns, one SMS each;
- a kiosk on a slow link shows on /admin/versions how far its download of the new build has got, beat by beat, and
  on its row of /admin/kiosks the same.

The builds are small signed folders (tests/helpers/builds.py): the download, the verification, the switch, the
start guard and the rollback are deploy/'s and sync/updater.py's real code.
"""
from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sync.updater import RESTART_EXIT
from tests.helpers.browser import screen_page
from tests.helpers.builds import Releases
from tests.helpers.fleet import KioskFleet
from tests.helpers.proxy import SlowProxy
from tests.helpers.servicenet_proc import running_servicenet
from tests.helpers.sms import inbox
from tests.helpers.staff import add_staff, sign_in
from tests.unit.servicenet.test_cli import cli

pytestmark = pytest.mark.slow
TECH = "13900004444"
HALL = "鳌头镇便民服务中心"


@pytest.fixture
def releases(tmp_path: Path) -> Releases:
    return Releases(tmp_path / "release")


@pytest.fixture
def fleet(tmp_path: Path, releases: Releases, monkeypatch: pytest.MonkeyPatch) -> Iterator[KioskFleet]:
    monkeypatch.setenv("SERVICENET_ROLLOUT_SOAK", "1")  # a ring runs a release 1 s before the next one opens
    installed = releases.build("1.0.0")
    with running_servicenet(tmp_path / "servicenet.db") as net:
        assert cli(net.db_url, "fleet", "technician", "--hall", HALL, "--phone", TECH).returncode == 0
        with KioskFleet(net, tmp_path, 3, beat=1.0, releases=releases, installed=installed,
                        args=("--idle-restart-after", "1")) as kiosks:  # the home screen quiet for 1 s is idle
            yield kiosks


def versions(fleet: KioskFleet) -> dict[str, str]:
    return {d: k["app_version"] for d, k in fleet.fleet_view().items()}


def rollout_state(fleet: KioskFleet) -> dict[str, str]:
    return dict(fleet.staff_get("/v1/backoffice/rollouts")["rollouts"][0])


def publish(fleet: KioskFleet, releases: Releases, version: str, broken: bool = False) -> None:
    done = cli(fleet.net.db_url, "fleet", "publish", str(releases.build(version, broken)), "--release-key",
               str(releases.public))
    assert done.returncode == 0, done.stderr


@pytest.mark.timeout(400)  # about 90 s on a quiet machine, nearer 3 minutes when it is busy
def test_settings_a_staged_rollout_with_a_rollback_and_an_alert(fleet: KioskFleet, releases: Releases,
                                                                 shots: Path) -> None:
    t0 = time.monotonic()
    canary, *others = fleet.kiosks
    fleet.wait(lambda: set(versions(fleet).values()) == {"1.0.0"} and len(versions(fleet)) == 3,
               "three kiosks beating from build 1.0.0", timeout=120)

    # -- a settings change reaches every kiosk -------------------------------------------------------------
    change = fleet.staff_post("/v1/backoffice/settings", {"scope": f"hall:{HALL}",
                                                          "settings": {"hall_name": "鳌头镇政务服务中心"}})
    fleet.wait(lambda: all(k["settings_version"] == change["version"] for k in fleet.fleet_view().values()),
               "every kiosk to report the new settings version")
    t_settings = time.monotonic()

    # -- a build that fails its start-up self-test: the canary rolls back, the rollout pauses --------------
    publish(fleet, releases, "1.1.0", broken=True)
    fleet.staff_post("/v1/backoffice/rollouts", {"version": "1.1.0", "canary": canary.device_id})
    fleet.wait(lambda: rollout_state(fleet)["state"] == "paused", "the rollout to pause", timeout=120)
    paused = rollout_state(fleet)
    assert canary.device_id in paused["reason"] and paused["ring"] == "canary"
    record = json.loads((canary.root / "guard.json").read_text())
    assert (record["version"], record["rolled_back_from"], record["confirmed"]) == ("1.0.0", "1.1.0", True)
    assert canary.supervisor is not None and canary.supervisor.exits[:2] == [RESTART_EXIT, RESTART_EXIT]
    # (1.0.0 restarted into 1.1.0 at an idle moment; 1.1.0's window did not load: rolled back, restarted)
    fleet.wait(lambda: versions(fleet)[canary.device_id] == "1.0.0", "the canary back on 1.0.0")
    assert fleet.fleet_view()[canary.device_id]["rolled_back_from"] == "1.1.0"  # /admin/versions shows it
    for k in others:  # never offered the release: nothing fetched, nothing switched, never restarted
        assert k.supervisor is not None and k.supervisor.exits == []
        assert not (Path(k.settings.data_dir) / "incoming").exists()
        assert [p.name.split("-")[0] for p in (k.root / "builds").iterdir()] == ["1.0.0"]
    time.sleep(3 * fleet.beat)  # more beats: still paused, still nobody else offered it
    assert rollout_state(fleet)["state"] == "paused" and set(versions(fleet).values()) == {"1.0.0"}
    t_rollback = time.monotonic()

    with screen_page(shots, 1280, 900) as page:
        sign_in(page, fleet.net.url, add_staff(fleet.net.db_url, "A400", ["admin"]), next="/admin/versions")
        assert "已暂停" in page.inner_text("#rollouts tr[data-version='1.1.0']")
        assert "1.1.0" in page.inner_text(f"#kiosk-versions tr[data-device='{canary.device_id}']")  # 回退自
        page.screenshot(path=str(shots / "admin_versions_paused.png"), full_page=True)

        # -- a good build reaches all three, ring by ring ---------------------------------------------------
        publish(fleet, releases, "1.1.1")
        fleet.staff_post("/v1/backoffice/rollouts", {"version": "1.1.1", "canary": canary.device_id})
        fleet.wait(lambda: set(versions(fleet).values()) == {"1.1.1"}, "every kiosk on 1.1.1", timeout=120)
        fleet.wait(lambda: rollout_state(fleet)["state"] == "done", "the rollout to finish")
        page.goto(f"{fleet.net.url}/admin/versions")
        assert "1.1.1：3 台" in page.inner_text("#version-counts")
        assert "已完成" in page.inner_text("#rollouts tr[data-version='1.1.1']")
        page.screenshot(path=str(shots / "admin_versions_done.png"), full_page=True)
    fleet.wait(lambda: all(json.loads((k.root / "guard.json").read_text())["confirmed"] for k in fleet.kiosks),
               "each kiosk to confirm 1.1.1")
    assert [k.supervisor.exits for k in others if k.supervisor] == [[RESTART_EXIT], [RESTART_EXIT]]
    assert all(k["settings_version"] == change["version"] for k in fleet.fleet_view().values())  # kept
    t_good = time.monotonic()

    # -- paper out on one kiosk: one alert, cleared when paper returns, the technician told by SMS ----------
    first = others[0]
    first.printer.paper_out = True
    [alert] = fleet.wait(lambda: [a for a in fleet.alerts(open_only=True) if a["condition"] == "paper_out"],
                         "the paper-out alert")
    assert alert["device_id"] == first.device_id and alert["notified"] == TECH
    time.sleep(4 * fleet.beat)  # more beats with the paper still out
    assert [(a["device_id"], a["condition"]) for a in fleet.alerts() if a["condition"] == "paper_out"] == [
        (first.device_id, "paper_out")]
    [sent] = inbox(fleet.net.url, TECH, want=1)
    assert first.device_id in sent and "打印机缺纸" in sent
    first.printer.paper_out = False
    fleet.wait(lambda: not [a for a in fleet.alerts(open_only=True) if a["condition"] == "paper_out"],
               "the alert to clear")
    texts = inbox(fleet.net.url, TECH, want=2)
    assert len(texts) == 2 and "已恢复" in texts[1]
    print(f"\nstart+settings {t_settings - t0:.1f} s, bad build to paused {t_rollback - t_settings:.1f} s, "
          f"good build everywhere {t_good - t_rollback:.1f} s, alert {time.monotonic() - t_good:.1f} s")


@pytest.mark.timeout(300)  # about a minute on a quiet machine
def test_the_versions_page_shows_a_kiosk_mid_download(tmp_path: Path, releases: Releases, shots: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SERVICENET_ROLLOUT_SOAK", "1")
    with running_servicenet(tmp_path / "servicenet.db") as net, SlowProxy(net.port) as link, \
            KioskFleet(net, tmp_path, 1, beat=1.0, releases=releases, installed=releases.build("1.0.0"),
                       link=link.url, args=("--idle-restart-after", "1")) as fleet:
        [kiosk] = fleet.kiosks
        fleet.wait(lambda: versions(fleet) == {kiosk.device_id: "1.0.0"}, "the kiosk beating from 1.0.0", 120)
        publish(fleet, releases, "1.1.0")
        link.rate = 64 << 10  # a village line: 64 KiB/s down, so the ~2 MB build takes half a minute
        fleet.staff_post("/v1/backoffice/rollouts", {"version": "1.1.0", "canary": kiosk.device_id})

        def downloading(least: int = 1) -> dict[str, Any] | None:
            mine = fleet.fleet_view()[kiosk.device_id]
            update = mine["update"] or {}
            ok = update.get("state") == "downloading" and least <= update["fetched_bytes"] < update["total_bytes"]
            return mine if ok else None

        first = fleet.wait(downloading, "a beat saying the download is under way", timeout=120)
        with screen_page(shots, 1280, 900) as page:
            sign_in(page, fleet.net.url, add_staff(fleet.net.db_url, "A401", ["admin"]), next="/admin/versions")
            row = f"#kiosk-versions tr[data-device='{kiosk.device_id}']"

            def shown() -> int:
                page.reload()
                bar = page.query_selector(f"{row} td.update progress")
                return int(bar.get_attribute("value")) if bar else 0

            at = fleet.wait(shown, "the page to show the download")
            assert page.get_attribute(row, "data-update") == "downloading"
            text = page.inner_text(f"{row} td.update")
            assert "1.1.0" in text and re.search(r"下载中 \d{1,2}%（\d+\.\d/\d+\.\d MB）", text), text
            page.screenshot(path=str(shots / "admin_versions_downloading.png"), full_page=True)

            page.goto(f"{fleet.net.url}/admin/kiosks")  # the fleet list says the same of this kiosk
            mine = f"#kiosks tr[data-device='{kiosk.device_id}']"
            assert page.get_attribute(mine, "data-update") == "downloading"
            said = page.inner_text(f"{mine} td.update")
            assert "1.1.0" in said and re.search(r"下载中 \d{1,2}%（\d+\.\d/\d+\.\d MB）", said), said
            assert int(page.get_attribute(f"{mine} td.update progress", "value") or 0) >= at
            page.screenshot(path=str(shots / "admin_kiosks_downloading.png"), full_page=True)
            page.goto(f"{fleet.net.url}/admin/versions")

            fleet.wait(lambda: downloading(at + 1), "a later beat with more fetched")
            assert shown() > at and page.inner_text(f"{row} td.update") != text  # each beat's figure
            assert first["update_text"].startswith("下载中")

            link.rate = None  # the line gets better: the rest comes at once
            fleet.wait(lambda: versions(fleet) == {kiosk.device_id: "1.1.0"}, "the kiosk on 1.1.0", timeout=120)
            fleet.wait(lambda: fleet.fleet_view()[kiosk.device_id]["update"] is None, "nothing on its way any more")
            page.reload()
            assert page.get_attribute(row, "data-update") == "" and "下载中" not in page.inner_text(row)
