"""Staff mode on real parts (servicenet, SAM reader pty, ESC/POS emulator): the hidden entry, a PIN lockout,
the dashboard (queue, quarantine with its reason, devices, today's counts), re-queue, reprint, the end-of-day
CSV, an assisted submission recorded as such, and the audit chain intact on the network."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from domain import wire
from kiosk.config import StaffSettings
from kiosk.staff.auth import hash_pin
from kiosk.walkthrough import wait_until
from sync.crypto import seal
from sync.model import Application
from tests.e2e.kiosk_rig import kiosk_rig
from tests.helpers.enroll import http

SHOTS = Path(__file__).resolve().parents[2] / "out" / "screens" / "staff"


@pytest.mark.e2e
def test_staff_counter_on_real_parts(qapp, tmp_path: Path) -> None:
    counter = StaffSettings(pin_hash=hash_pin("246810", n=2 ** 10), export_dir=str(tmp_path / "usb"))
    with kiosk_rig(tmp_path, SHOTS, orientation="landscape", staff=counter) as rig:
        staff = rig.runtime.staff
        vm, walk, services = rig.kiosk.vm, rig.walk, rig.runtime.services
        service = services.catalogue.search("sfz")[0]
        person = services.reader.read_person(3.0)
        app = Application(service, person, {"name": person.name, "id_number": person.id_number,
                                            "phone": "13800138000", "reason": "到期换领"})
        # one case goes through; one is poisoned by another kiosk's bytes under its code (quarantine)
        good = services.cases.enqueue(app).code
        rig.link.cut()
        poisoned = services.cases.enqueue(app).code
        with rig.runtime.store.read() as c:
            other = json.loads(c.execute("SELECT payload FROM outbox WHERE ref=?", (poisoned,)).fetchone()[0])
        other["sealed"] = seal(rig.net.creds.network_public_key, wire.canonical(  # other content, same code
            {"applicant": person.to_wire(), "agent": None, "form": dict(app.form, phone="13900000000")}),
            poisoned.encode())
        assert http.post(f"{rig.net.url}/v1/cases/batch", json={"cases": [other]}, timeout=5).status_code == 200
        rig.link.restore()
        rig.runtime.engine.wake(force=True)
        wait_until(lambda: services.sync.health().quarantined == 1, timeout=30, what="the quarantine")

        # the hidden entry, a wrong PIN, then the right one
        vm.staff.open()
        walk.expect("staffLogin")
        for key in "111111":
            vm.staff.press(key)
        vm.staff.submitPin()
        walk.settle()
        assert vm.staff.message and not vm.staff.loggedIn  # "wrong PIN", in the screen's language
        for key in "246810":
            vm.staff.press(key)
        walk.shot("staff-login")
        vm.staff.submitPin()
        walk.expect("staff")
        walk.settle()
        assert vm.staff.loggedIn and vm.staff.staffId == "counter"
        assert vm.staff.quarantinedCount == 1 and vm.staff.dayTotal == 2
        reasons = [q["reason"] for q in vm.staff.quarantine]
        assert len(reasons) == 1 and reasons[0].startswith("网络上已有同号的其他办件：登记编码已被内容不同的申请使用")
        assert {d["name"] for d in vm.staff.devices} >= {"id_reader", "printer"}
        walk.shot("staff-dashboard")

        vm.staff.reprint(good)
        walk.settle()
        assert any(good in r["text"].replace(" ", "") for r in rig.printer.wait_for_receipts(1))
        vm.staff.exportEndOfDay()
        walk.settle()
        exported = next((tmp_path / "usb").glob("end-of-day-*.csv"))
        rows = list(csv.reader(io.StringIO(exported.read_text("utf-8-sig"))))
        assert rows[-1][1] == "TOTAL" and rows[-1][-1] == "2"
        assert vm.staff.notice == f"已保存到 {exported}"  # the path where %1 stood, in the clerk's language
        vm.staff.exportDiagnostics()
        walk.settle()
        bundle = next((tmp_path / "usb").glob("diagnostics-*.zip"))
        assert bundle.stat().st_size > 0
        vm.staff.requeue(poisoned)
        walk.settle()
        assert "queue" in vm.staff.notice.lower() or vm.staff.notice
        walk.shot("staff-dashboard-after-actions")

        # an assisted submission: the resident's application, made by the clerk, carries the clerk's id
        vm.staff.assist()
        walk.expect("home")
        assert vm.assistedBy == "counter" and not vm.staff.loggedIn
        walk.choose("个人办事", "sfz", "居民身份证换领")
        walk.identify()
        walk.fill({"phone": "13800138000", "reason": "到期换领"})
        assisted = walk.submit()
        assert vm.assistedBy == ""  # one application per 代办
        rig.runtime.engine.wake(force=True)
        wait_until(lambda: http.get(f"{rig.net.url}/v1/cases/{assisted}", timeout=5).status_code == 200,
                   timeout=30, what="the assisted case on the network")
        with rig.runtime.store.read() as c:
            sent = json.loads(c.execute("SELECT payload FROM outbox WHERE ref=?", (assisted,)).fetchone()[0])
        assert sent["assisted_by"] == "counter" and "applicant" not in sent  # sealed; the clerk id is not PII

        # every step is in the audit log, the chain is whole, and it reaches the network
        steps = [e.step for e in reversed(staff.audit.entries())]
        assert {"screen", "login_failed", "staff_login", "staff_action", "case_submitted"} <= set(steps)
        assert staff.audit.verify().ok
        rig.runtime.engine.wake(force=True)
        wait_until(lambda: not services.sync.health().queued, timeout=30, what="the audit rows to be sent")
