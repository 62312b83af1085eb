"""servicenet/fleet/progress.py: a kiosk's download of an offered release, as its heartbeat reports it (`update`),
kept with the beat, shown on /admin/versions and on each kiosk's row of /admin/kiosks in Chinese (one cell,
templates/_update.html); a malformed report is left out, never a refused beat."""
from __future__ import annotations

import re
import time
from typing import Any

import pytest
import requests

from servicenet import db, heartbeat
from servicenet.fleet.progress import words
from servicenet.heartbeat import HeartbeatIn
from tests.helpers.enroll import SignedNet, enroll_device, http
from tests.helpers.staff import add_staff, staff_token
from tests.unit.servicenet.test_heartbeat import beat

MB = 1 << 20


def update(**over: Any) -> dict[str, Any]:
    return {"version": "1.1.0", "state": "downloading", "reason": "", "fetched_bytes": 150 * MB,
            "total_bytes": 333 * MB} | over


@pytest.mark.parametrize(("report", "said"), [
    (update(), "下载中 45%（150/333 MB）"),
    (update(fetched_bytes=MB, total_bytes=3 * MB), "下载中 33%（1.0/3.0 MB）"),  # a small build: a decimal
    (update(fetched_bytes=0, total_bytes=0), "下载中"),  # the download has not said its size yet
    (update(state="staged", fetched_bytes=333 * MB), "已下载，待空闲时切换"),
    (update(state="staged", reason="paused"), "已下载，发布已暂停，暂不切换"),  # the rollout paused meanwhile
    (update(state="switching"), "已切换，待空闲时重启"),
    (update(state="failed", reason="network"), "下载失败：网络中断（已下载 150/333 MB，将续传）"),
    (update(state="failed", reason="disk_full"), "下载失败：下载时磁盘已满"),
    (update(state="no_room", reason="no_room", fetched_bytes=0), "下载失败：磁盘空间不足"),
    (update(state="failed", reason="bad_bytes"), "下载失败：文件校验不符，已丢弃"),
    (update(state="failed", reason="new_reason"), "下载失败：new_reason"),  # a newer kiosk's code, as it is
    (update(state="failed", reason=""), "下载失败：原因不明"),
    (None, ""),
])
def test_the_report_in_words(report: dict[str, Any] | None, said: str) -> None:
    assert words(report) == said


def test_the_percentage_never_says_done_before_the_last_byte() -> None:
    assert words(update(fetched_bytes=333 * MB - 1)) == "下载中 99%（333/333 MB）"


@pytest.mark.parametrize("bad", [
    "downloading", [1, 2], {"state": "downloading"}, update(state="paused"), update(version=""),
    update(version="v" * 41), update(fetched_bytes=-1), update(fetched_bytes=2**70, total_bytes=2**70),
    update(fetched_bytes="lots"), update(fetched_bytes=10, total_bytes=5), update(reason="Disk Full!"),
    update(reason="x" * 33),
])
def test_a_malformed_report_is_left_out_and_the_rest_of_the_beat_taken(bad: Any) -> None:
    taken = HeartbeatIn.model_validate(beat(update=bad, queue_depth=7))
    assert taken.update is None and taken.queue_depth == 7 and list(taken.ignored) == ["update"]
    assert "update" not in HeartbeatIn.model_validate(beat(update=update())).ignored


def test_each_beat_replaces_the_report_shown_on_the_versions_page(servicenet: SignedNet) -> None:
    url, device = f"{servicenet.url}/v1/devices/heartbeat", servicenet.creds.device_id
    browser = requests.Session()
    admin = add_staff(servicenet.db_url, "A9", ["admin"])
    assert browser.post(f"{servicenet.url}/admin/login", data=admin.form(), timeout=10).status_code == 200

    def shown() -> tuple[dict[str, Any] | None, str, str]:
        engine = db.make_engine(servicenet.db_url)
        try:
            [k] = heartbeat.fleet(engine, time.time())
        finally:
            engine.dispose()
        page = browser.get(f"{servicenet.url}/admin/versions", timeout=10)
        assert page.status_code == 200
        return k["update"], k["update_text"], page.text

    r = http.post(url, json=beat(update=update()), timeout=10)
    assert r.status_code == 200 and r.json()["ignored"] == []
    report, text, page = shown()
    assert report == update() and text == "下载中 45%（150/333 MB）" and "下载中 45%（150/333 MB）" in page
    assert 'data-update="downloading"' in page

    assert http.post(url, json=beat(update=update(state="staged", fetched_bytes=333 * MB)),
                     timeout=10).status_code == 200  # the next beat: fetched and verified
    assert shown()[1] == "已下载，待空闲时切换"

    r = http.post(url, json=beat(update={"version": "1.1.0", "state": "downloading", "fetched_bytes": -5},
                                 queue_depth=9), timeout=10)
    assert r.status_code == 200 and r.json()["ignored"] == ["update"]  # the beat itself is taken
    report, text, page = shown()
    assert report is None and text == "" and "下载中" not in page and "已下载" not in page
    assert f"heartbeat from {device}: its update field is malformed and was left out" in servicenet.stderr_text()
    staff = {"Authorization": f"Bearer {staff_token(servicenet.db_url, 'S9', ['supervisor'])}"}
    [k] = requests.get(f"{servicenet.url}/v1/backoffice/kiosks", headers=staff, timeout=10).json()["kiosks"]
    assert k["queue_depth"] == 9 and k["update"] is None

    assert http.post(url, json=beat(), timeout=10).status_code == 200  # switched and restarted: nothing on its way
    assert shown()[:2] == (None, "")



def row(page: str, device: str) -> str:
    """The table row of one kiosk on an /admin page, as HTML."""
    [found] = re.findall(rf'<tr [^>]*data-device="{re.escape(device)}".*?</tr>', page, re.S)
    return found


def cell(page: str, device: str) -> str:
    """That row's download cell, its tags taken out."""
    [found] = re.findall(r'<td class="update[^"]*">.*?</td>', row(page, device), re.S)
    return re.sub(r"<[^>]+>", " ", found)


def test_the_kiosks_page_shows_each_kiosks_download_as_the_versions_page_does(servicenet: SignedNet) -> None:
    """A technician looking at one kiosk on /admin/kiosks sees that its update is stuck at 40% or failed for want
    of disk, in the words and bar of /admin/versions; a kiosk whose beat has no `update` (an older build, or
    nothing on its way) shows —, and one never heard from as well."""
    url = f"{servicenet.url}/v1/devices/heartbeat"
    slow, full, old, silent = servicenet.creds, enroll_device(servicenet), enroll_device(servicenet), \
        enroll_device(servicenet)
    total = int(1.4 * MB)
    part = -(-total * 2 // 5)  # two fifths, rounded up: 40%
    stuck = update(fetched_bytes=part, total_bytes=total)
    assert http.post(url, json=beat(update=stuck), timeout=10).status_code == 200
    assert requests.post(url, json=beat(update=update(state="no_room", reason="no_room", fetched_bytes=0)),
                         auth=full.auth, timeout=10).status_code == 200
    old_beat = {k: v for k, v in beat().items() if k not in ("update", "settings_running", "rolled_back_from")}
    assert requests.post(url, json=old_beat, auth=old.auth, timeout=10).status_code == 200

    watcher = requests.Session()  # 监察 sees the fleet pages, as 管理员 does (the routes' Fleet roles)
    supervisor = add_staff(servicenet.db_url, "S8", ["supervisor"])
    assert watcher.post(f"{servicenet.url}/admin/login", data=supervisor.form(), timeout=10).status_code == 200
    kiosks = watcher.get(f"{servicenet.url}/admin/kiosks", timeout=10)
    versions = watcher.get(f"{servicenet.url}/admin/versions", timeout=10)
    assert kiosks.status_code == versions.status_code == 200
    page = kiosks.text
    assert "<th>新版本下载</th>" in page

    mine = row(page, slow.device_id)
    assert 'data-update="downloading"' in mine and "下载中 40%（0.6/1.4 MB）" in cell(page, slow.device_id)
    assert f'<progress max="{total}" value="{part}">' in mine and "1.1.0" in mine
    assert 'data-update="no_room"' in row(page, full.device_id)
    assert '<td class="update late">' in row(page, full.device_id)  # red, as a problem is
    assert "下载失败：磁盘空间不足" in cell(page, full.device_id) and "<progress" not in row(page, full.device_id)
    for quiet in (old, silent):  # nothing on its way: a dash, no bar, no words
        assert 'data-update=""' in row(page, quiet.device_id) and cell(page, quiet.device_id).split() == ["—"]
        assert "<progress" not in row(page, quiet.device_id)
    for k in (slow, full, old, silent):  # one cell: the same on both pages
        assert cell(page, k.device_id) == cell(versions.text, k.device_id)

    assert http.post(url, json=beat(update=update(state="failed", reason="network", fetched_bytes=part,
                                                  total_bytes=total)), timeout=10).status_code == 200
    said = cell(watcher.get(f"{servicenet.url}/admin/kiosks", timeout=10).text, slow.device_id).split()
    assert said == ["1.1.0", "下载失败：网络中断（已下载", "0.6/1.4", "MB，将续传）"]

    clerk = requests.Session()  # a window clerk has no fleet page
    window = add_staff(servicenet.db_url, "W8", ["window"])
    assert clerk.post(f"{servicenet.url}/admin/login", data=window.form(), timeout=10).status_code == 200
    assert clerk.get(f"{servicenet.url}/admin/kiosks", timeout=10).status_code == 403


def test_a_switch_that_found_the_disk_full_is_said_so() -> None:
    assert words({"version": "1.1.0", "state": "failed", "reason": "switch_no_room"}) == "下载失败：切换时磁盘空间不足"
