"""Kiosk heartbeats (POST /v1/devices/heartbeat, signed) and the staff's fleet view (API, /admin/kiosks, CLI)."""
from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Any

import requests

from servicenet import db, heartbeat
from servicenet.process import ServicenetProcess
from tests.helpers.enroll import enroll_device, http
from tests.helpers.staff import add_staff
from tests.unit.servicenet.test_cli import cli


def beat(**over: Any) -> dict[str, Any]:
    now = datetime.now().astimezone()
    body: dict[str, Any] = {
        "at": now.isoformat(), "queue_depth": 3, "quarantined": 0, "last_sync": now.isoformat(), "online": True,
        "printer": {"health": "ok", "reason": "", "paper": "ok"}, "reader": {"health": "ok", "reason": ""},
        "app_version": "0.1.0"}
    body.update(over)
    return body


def test_heartbeat_is_signed_and_kept(servicenet: ServicenetProcess) -> None:
    url = f"{servicenet.url}/v1/devices/heartbeat"
    assert requests.post(url, json=beat(), timeout=10).status_code == 401  # a heartbeat speaks for a device
    r = http.post(url, json=beat(), timeout=10)
    assert r.status_code == 200 and r.json()["ok"] is True and r.json()["interval"] == heartbeat.INTERVAL
    assert http.post(url, json=beat(queue_depth=-1), timeout=10).status_code == 422
    assert http.post(url, json=beat(printer={"health": "fine"}), timeout=10).status_code == 422

    other = enroll_device(servicenet)  # enrolled, never beat
    lost = {"health": "error", "reason": "paper end", "paper": "out"}
    assert requests.post(url, json=beat(printer=lost, queue_depth=80), auth=servicenet.auth,
                         timeout=10).status_code == 200  # the newest beat replaces the last

    done = cli(servicenet.db_url, "office", "staff-token", "--staff-id", "S9", "--role", "admin")
    staff = {"Authorization": f"Bearer {done.stdout.strip()}"}
    fleet = requests.get(f"{servicenet.url}/v1/backoffice/kiosks", headers=staff, timeout=10).json()["kiosks"]
    by_id = {k["device_id"]: k for k in fleet}
    mine = by_id[servicenet.creds.device_id]
    assert mine["level"] == "error" and mine["queue_depth"] == 80 and mine["printer"]["paper"] == "out"
    assert mine["problems"] == ["打印机缺纸"]  # 80 rows waiting with a sync just now: the queue drains
    assert by_id[other.device_id]["level"] == "silent"
    assert [k["level"] for k in fleet] == ["silent", "error"]  # worst first
    assert requests.get(f"{servicenet.url}/v1/backoffice/kiosks", timeout=10).status_code == 401

    out = cli(servicenet.db_url, "office", "kiosks")
    assert out.returncode == 0 and servicenet.creds.device_id + "\terror\t80" in out.stdout

    browser = requests.Session()
    assert browser.get(f"{servicenet.url}/admin/kiosks", allow_redirects=False, timeout=10).status_code == 303
    admin = add_staff(servicenet.db_url, "A9", ["admin"])
    assert browser.post(f"{servicenet.url}/admin/login", data=admin.form(), timeout=10).status_code == 200
    page = browser.get(f"{servicenet.url}/admin/kiosks", timeout=10).text
    assert "打印机缺纸" in page and other.device_id in page and "失联 1" in page
    assert "下载中" not in page and "下载失败" not in page  # beats without `update`: no download, no error


def test_a_kiosk_goes_silent_and_warnings(servicenet: ServicenetProcess) -> None:
    old = (datetime.now().astimezone() - timedelta(hours=2)).isoformat()
    assert http.post(f"{servicenet.url}/v1/devices/heartbeat", json=beat(
        last_sync=old, quarantined=2, printer={"health": "warning", "reason": "near end", "paper": "low"},
        reader={"health": "error", "reason": "no SAM"}), timeout=10).status_code == 200
    engine = db.make_engine(servicenet.db_url)
    try:
        now = time.time()
        [k] = heartbeat.fleet(engine, now)
        assert k["level"] == "error"  # the reader
        assert k["problems"] == ["打印纸将尽", "读卡器未连接或故障（no SAM）", "有隔离办件待处理（2 件）",
                                 "待传队列积压未下降（3 件待传）"]  # the alerts' conditions, in their words
        [later] = heartbeat.fleet(engine, now + heartbeat.STALE_AFTER + 120)
        assert later["level"] == "silent" and later["problems"][0] == "终端失联（12 分钟未上报）"
    finally:
        engine.dispose()


def test_the_a4_printer_in_a_beat(servicenet: ServicenetProcess) -> None:
    assert http.post(f"{servicenet.url}/v1/devices/heartbeat", json=beat(
        a4={"health": "error", "reason": "The A4 printer is out of paper. Please ask the staff for help.",
            "paper": "out", "toner": "low"}), timeout=10).status_code == 200
    engine = db.make_engine(servicenet.db_url)
    try:
        [k] = heartbeat.fleet(engine, time.time())
        assert k["level"] == "error" and k["a4"]["paper"] == "out"
        assert k["problems"] == ["A4打印机故障（缺纸，墨粉将尽）"]
    finally:
        engine.dispose()


def test_settings_waiting_for_a_restart_show_on_the_fleet_page(servicenet: ServicenetProcess) -> None:
    url, device = f"{servicenet.url}/v1/devices/heartbeat", servicenet.creds.device_id
    token = cli(servicenet.db_url, "office", "staff-token", "--staff-id", "S9", "--role", "supervisor").stdout.strip()

    def mine() -> dict[str, Any]:
        kiosks = requests.get(f"{servicenet.url}/v1/backoffice/kiosks", timeout=10,
                              headers={"Authorization": f"Bearer {token}"}).json()["kiosks"]
        return next(k for k in kiosks if k["device_id"] == device)

    assert http.post(url, json=beat(settings_version=7), timeout=10).status_code == 200  # an older kiosk: no running
    assert (mine()["settings_running"], mine()["restart_pending"]) == (7, False)
    assert http.post(url, json=beat(settings_version=8, settings_running=7), timeout=10).status_code == 200
    k = mine()
    assert (k["settings_version"], k["settings_running"], k["restart_pending"]) == (8, 7, True)
    browser = requests.Session()
    admin = add_staff(servicenet.db_url, "A9", ["admin"])
    assert browser.post(f"{servicenet.url}/admin/login", data=admin.form(), timeout=10).status_code == 200
    page = browser.get(f"{servicenet.url}/admin/kiosks", timeout=10).text
    assert "已收到 v8，运行 v7" in page and "待空闲时重启生效" in page and "1 台终端的新设置需重启" in page
    assert http.post(url, json=beat(settings_version=8, settings_running=8), timeout=10).status_code == 200
    assert mine()["restart_pending"] is False
    assert "待空闲时重启生效" not in browser.get(f"{servicenet.url}/admin/kiosks", timeout=10).text
