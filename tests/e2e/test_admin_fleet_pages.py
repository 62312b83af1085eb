"""/admin's fleet pages in Chromium, as an administrator sees them on a fleet with something wrong: kiosks with
paper out, a full disk, settings waiting for a restart, one never heard from, a new build stuck at 40% and one
that cannot be fetched for want of disk; open and cleared alerts with who was
told; a webhook with its secret shown once; a diagnostics bundle. Screenshots under out/e2e/<test>/."""
from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest

from tests.helpers.browser import screen_page
from tests.helpers.enroll import enroll_device
from tests.helpers.servicenet_proc import running_servicenet
from tests.helpers.staff import add_staff, sign_in
from tests.helpers.webhook_receiver import Receiver
from tests.unit.servicenet.test_cli import cli
from tests.unit.servicenet.test_heartbeat import beat

pytestmark = pytest.mark.slow
HALLS = ("鳌头镇便民服务中心", "太平镇政务服务中心")
MB = 1 << 20


def zipped() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("summary.json", "{}")
    return buf.getvalue()


@pytest.mark.timeout(300)
def test_fleet_and_alert_pages(tmp_path: Path, shots: Path) -> None:
    with running_servicenet(tmp_path / "net.db") as net, Receiver() as rx:
        kiosks = [enroll_device(net, hall_name=HALLS[i % 2]) for i in range(4)]
        a, b, c, silent = (k.session() for k in kiosks)
        ids = [k.device_id for k in kiosks]
        assert cli(net.db_url, "fleet", "technician", "--hall", HALLS[0], "--phone", "13900004444",
                   "--name", "李工").returncode == 0
        url = f"{net.url}/v1/devices/heartbeat"
        out = {"health": "error", "reason": "paper end", "paper": "out"}
        total = int(1.4 * MB)
        stuck = {"version": "1.1.0", "state": "downloading", "fetched_bytes": -(-total * 2 // 5), "total_bytes": total}
        no_room = {"version": "1.1.0", "state": "no_room", "reason": "no_room", "total_bytes": total}
        assert a.post(url, json=beat(printer=out, queue_depth=0, update=stuck), timeout=10).status_code == 200
        assert b.post(url, json=beat(disk="full", quarantined=2, settings_version=5, settings_running=4,
                                     update=no_room), timeout=10).status_code == 200
        assert c.post(url, json=beat(quarantined=1, queue_depth=0), timeout=10).status_code == 200
        assert c.post(url, json=beat(queue_depth=0), timeout=10).status_code == 200  # cleared
        assert a.post(f"{net.url}/v1/devices/diagnostics", params={"name": f"diagnostics-{ids[0]}-20261204.zip",
                      "staff": "T007"}, data=zipped(), headers={"Content-Type": "application/zip"},
                      timeout=10).status_code == 200
        del silent

        with screen_page(shots, 1366, 900) as page:
            admin = add_staff(net.db_url, "A700", ["admin"], name="运维管理员")
            sign_in(page, net.url, admin, next="/admin/kiosks")
            page.wait_for_selector(f"#kiosks tr[data-device='{ids[3]}']")
            text = page.inner_text("#kiosks")
            assert "缺纸" in text and "待空闲时重启生效" in text and "从未上报心跳" in text
            assert page.inner_text(f"#kiosks tr[data-device='{ids[0]}'] td.update") == "1.1.0\n下载中 40%（0.6/1.4 MB）"
            bar = page.locator(f"#kiosks tr[data-device='{ids[0]}'] td.update progress")
            assert bar.is_visible() and bar.get_attribute("value") == str(stuck["fetched_bytes"])
            assert "下载失败：磁盘空间不足" in page.inner_text(f"#kiosks tr[data-device='{ids[1]}'] td.update")
            assert [page.inner_text(f"#kiosks tr[data-device='{d}'] td.update") for d in ids[2:]] == ["—", "—"]
            page.screenshot(path=str(shots / "admin_kiosks.png"), full_page=True)

            page.goto(f"{net.url}/admin/alerts")
            page.select_option("#scope_kind", "region")
            page.fill("#target", "440105")
            page.fill("#url", rx.url)
            page.click("#save-webhook")
            page.wait_for_selector("#webhook-secret")
            rx.secret = page.inner_text("#webhook-secret code")  # the operator copies it to the receiver
            assert len(rx.secret) == 64
            page.screenshot(path=str(shots / "admin_alerts_webhook_saved.png"), full_page=True)
            assert b.post(url, json=beat(disk="full", quarantined=2, settings_version=5, settings_running=4,
                                         reader={"health": "error", "reason": "no SAM"}), timeout=10).status_code == 200
            rx.wait(1)  # the reader alert went to the new webhook
            time.sleep(1.5)  # its outcome is written
            page.goto(f"{net.url}/admin/alerts")
            page.wait_for_selector("#hooks tr[data-scope='region:440105']")
            assert "已送达" in page.inner_text("#hooks")
            page.screenshot(path=str(shots / "admin_alerts.png"), full_page=True)

            page.goto(f"{net.url}/admin/diagnostics")
            page.wait_for_selector("#bundles tr[data-id='1']")
            page.screenshot(path=str(shots / "admin_diagnostics.png"), full_page=True)

            page.goto(f"{net.url}/admin/versions")
            page.screenshot(path=str(shots / "admin_versions.png"), full_page=True)
            assert page.inner_text("#version-counts") == "0.1.0：3 台 · 未上报版本：1 台"  # not "—：1 台"

        with screen_page(shots, 1366, 900) as page:  # 监察 sees the alerts, changes nothing
            supervisor = add_staff(net.db_url, "S700", ["supervisor"], name="监察员")
            sign_in(page, net.url, supervisor, next="/admin/alerts")
            page.wait_for_selector("#alerts")
            assert page.locator("#webhook-form").count() == 0 and "停用" not in page.inner_text("#hooks")
            page.screenshot(path=str(shots / "admin_alerts_supervisor.png"), full_page=True)
