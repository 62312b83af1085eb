"""A technician sends the diagnostics bundle to the network with one button on the kiosk's staff screen: the real
QML button, the kiosk's signed session, the real servicenet over HTTP; offline first (said, the USB path kept),
then sent; the administrator lists and downloads it on /admin; both ends audit-logged."""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from kiosk.config import StaffSettings
from kiosk.staff.auth import hash_pin
from kiosk.walkthrough import wait_until
from servicenet import db
from tests.e2e.kiosk_rig import kiosk_rig
from tests.helpers.staff import add_staff
from tests.unit.kiosk.ui import Ui

SHOTS = Path(__file__).resolve().parents[2] / "out" / "screens" / "diagnostics"


@pytest.mark.e2e
def test_a_technician_sends_the_diagnostics_bundle_to_the_network(qapp, qtbot, tmp_path: Path) -> None:
    counter = StaffSettings(pin_hash=hash_pin("246810", n=2 ** 10), pin_staff_id="T007",
                            export_dir=str(tmp_path / "usb"))
    with kiosk_rig(tmp_path, SHOTS, orientation="landscape", staff=counter) as rig:
        vm, walk, ui = rig.kiosk.vm, rig.walk, Ui(rig.kiosk, qtbot)
        device = rig.net.creds.device_id
        vm.staff.open()
        for digit in "246810":
            vm.staff.press(digit)
        vm.staff.submitPin()
        walk.expect("staff")
        walk.settle()
        upload = vm.staff.upload
        logs = Path(rig.runtime.settings.data_dir) / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        (logs / "kiosk.log").write_text('{"msg": "kiosk ready"}\n', encoding="utf-8")  # what kiosk.boot writes
        states: list[str] = []
        upload.changed.connect(lambda: states.append(upload.state))

        rig.link.cut()  # offline: said in words, nothing lost, the USB button still there
        ui.tap("staffUploadDiagnostics")
        wait_until(lambda: upload.state == "failed", timeout=60, what="the upload to fail while offline")
        assert "无法连接政务服务网" in upload.message and "U盘" in upload.message
        assert ui.has("staffDiagnostics") and ui.find("staffUploadDiagnostics").isEnabled()
        walk.shot("staff-diagnostics-offline")

        rig.link.restore()
        states.clear()
        ui.tap("staffUploadDiagnostics")
        wait_until(lambda: upload.state == "done", timeout=60, what="the network to receive the bundle")
        assert states[:2] == ["building", "sending"] and states[-1] == "done"  # each step shown
        assert "政务服务网已收到诊断包" in upload.message
        walk.shot("staff-diagnostics-sent")
        steps = [(e.step, e.detail) for e in rig.runtime.staff.audit.entries()]
        assert any(s == "staff_action" and d.get("action") == "diagnostics_upload" for s, d in steps)

        # the administrator finds it on /admin and downloads it; a clerk may not
        browser = requests.Session()
        admin = add_staff(rig.net.db_url, "A500", ["admin"], name="运维管理员")
        assert browser.post(f"{rig.net.url}/admin/login", data=admin.form(), timeout=10).status_code == 200
        page = browser.get(f"{rig.net.url}/admin/diagnostics", timeout=10).text
        assert device in page and "T007" in page
        got = browser.get(f"{rig.net.url}/admin/diagnostics/1", timeout=10)
        assert got.status_code == 200 and got.headers["content-type"] == "application/zip"
        assert f"diagnostics-{device}-" in got.headers["content-disposition"]
        with zipfile.ZipFile(io.BytesIO(got.content)) as z:
            assert json.loads(z.read("summary.json"))["device_id"] == device
            toml = z.read("kiosk.toml").decode()
            assert "kiosk ready" in z.read("logs/kiosk.log").decode()
        held = rig.runtime.settings
        assert held.person_key and held.person_key not in toml  # secrets blanked
        clerk_browser = requests.Session()
        clerk = add_staff(rig.net.db_url, "W500", ["window"])
        assert clerk_browser.post(f"{rig.net.url}/admin/login", data=clerk.form(), timeout=10).status_code == 200
        assert clerk_browser.get(f"{rig.net.url}/admin/diagnostics/1", timeout=10).status_code == 403

        engine = db.make_engine(rig.net.db_url)
        try:
            with engine.connect() as conn:
                office = conn.execute(sa.text("SELECT step, actor FROM audit_events WHERE device_id='office' "
                                              "ORDER BY seq")).all()
        finally:
            engine.dispose()
        assert ("diagnostics_received", device) in office and ("diagnostics_downloaded", "A500") in office
