"""The alerts over HTTP on a real servicenet: signed beats in, the staff's API and page, the SMS in the inbox."""
from __future__ import annotations

import requests

from servicenet.process import ServicenetProcess
from tests.helpers.enroll import http
from tests.helpers.sms import inbox
from tests.helpers.staff import add_staff
from tests.unit.servicenet.test_cli import cli
from tests.unit.servicenet.test_heartbeat import beat

TECH = "13900002222"


def test_paper_out_alert_over_http(servicenet: ServicenetProcess) -> None:
    device = servicenet.creds.device_id
    done = cli(servicenet.db_url, "fleet", "technician", "--device", device, "--phone", TECH, "--name", "李工")
    assert done.returncode == 0 and done.stdout.strip() == f"device:{device}\t{TECH}"
    assert cli(servicenet.db_url, "fleet", "technician", "--all", "--phone", "12345").returncode == 2

    url = f"{servicenet.url}/v1/devices/heartbeat"
    out = {"health": "error", "reason": "paper end", "paper": "out"}
    for _ in range(3):
        assert http.post(url, json=beat(printer=out, queue_depth=0), timeout=10).status_code == 200
    [msg] = inbox(servicenet.url, TECH, want=1)
    assert device in msg and "打印机缺纸" in msg

    token = cli(servicenet.db_url, "office", "staff-token", "--staff-id", "T1", "--role", "supervisor").stdout.strip()
    clerk = cli(servicenet.db_url, "office", "staff-token", "--staff-id", "W1", "--role", "window").stdout.strip()
    api = f"{servicenet.url}/v1/backoffice/alerts"
    assert requests.get(api, timeout=10).status_code == 401
    assert requests.get(api, headers={"Authorization": f"Bearer {clerk}"}, timeout=10).status_code == 403
    [alert] = requests.get(api, headers={"Authorization": f"Bearer {token}"}, timeout=10).json()["alerts"]
    assert alert["condition"] == "paper_out" and alert["open"] and alert["notified"] == TECH

    browser = requests.Session()
    assert browser.get(f"{servicenet.url}/admin/alerts", allow_redirects=False, timeout=10).status_code == 303
    admin = add_staff(servicenet.db_url, "A1", ["admin"])
    assert browser.post(f"{servicenet.url}/admin/login", data=admin.form(), timeout=10).status_code == 200
    page = browser.get(f"{servicenet.url}/admin/alerts", timeout=10).text
    assert "未解除 1 条" in page and "打印机缺纸" in page and TECH in page

    assert http.post(url, json=beat(queue_depth=0), timeout=10).status_code == 200  # paper back
    msgs = inbox(servicenet.url, TECH, want=2)
    assert len(msgs) == 2 and "已恢复" in msgs[1]
    assert "未解除 0 条" in browser.get(f"{servicenet.url}/admin/alerts", timeout=10).text
    listed = cli(servicenet.db_url, "fleet", "alerts").stdout
    assert f"{device}\tpaper_out\tresolved" in listed
