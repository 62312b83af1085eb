"""A clerk opens a kiosk case on /admin, on real parts: the kiosk submits offline (two material photos, a signed
commitment letter promising one more material), the link comes back, a 窗口受理 clerk signs in with password +
TOTP in Chromium, opens the case file and sees the photos and the signature; the opening is in the audit chain;
a 事项办理 clerk of another department is refused. Screenshots go to out/screens/admin/."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from domain.status import SyncState
from kiosk.camera import FileCamera
from kiosk.walkthrough import wait_until
from servicenet.process import REPO_ROOT
from tests.e2e.kiosk_rig import kiosk_rig
from tests.e2e.test_offline_roundtrip import fill_required
from tests.helpers.browser import browser_or_skip, desk_page
from tests.helpers.enroll import http
from tests.helpers.staff import add_staff, sign_in

pytestmark = pytest.mark.slow  # Qt app, servicenet, chromium through Playwright

SCREENS = REPO_ROOT / "out" / "screens" / "admin"
PHOTOGRAPHED = ("居民身份证", "居民户口簿")
PROMISED = "困难情况证明材料"


def submit_offline(rig) -> str:
    walk, vm = rig.walk, rig.kiosk.vm
    walk.home()
    walk.choose("个人办事", "救助", "临时救助申请")
    walk.identify()
    for name, value in fill_required(walk, {"phone": "13700001111"}).items():
        vm.form.setValue(name, value)
    walk.settle()
    assert vm.form.valid
    vm.form.next()
    walk.expect("materials")
    for n, name in enumerate(PHOTOGRAPHED, 1):
        vm.materials.capture(name)
        wait_until(lambda n=n: vm.materials.capturedCount == n and not vm.materials.capturing,
                   what=f"the photo of {name}")
        walk.settle()
    walk.shot("materials-two-photos")
    vm.materials.next()
    wait_until(lambda: vm.screen == "missing", what="一次性告知 of the promised material")
    walk.shot("missing")
    vm.materials.goOn()
    walk.sign()
    walk.expect("confirm")
    return walk.submit()


@pytest.mark.e2e
def test_a_window_clerk_opens_an_offline_kiosk_case(qapp, tmp_path: Path, shots: Path) -> None:
    browser_or_skip()
    SCREENS.mkdir(parents=True, exist_ok=True)
    with kiosk_rig(tmp_path, shots, camera=FileCamera()) as rig:
        rig.link.cut()
        code = submit_offline(rig)
        assert rig.runtime.services.cases.get(code).sync_state is SyncState.QUEUED
        rig.link.restore()
        rig.runtime.engine.wake()
        wait_until(lambda: rig.runtime.services.cases.get(code).sync_state is SyncState.ACCEPTED, timeout=60,
                   what="the case to reach the network")
        url, db_url = rig.net.url, rig.net.db_url
        view = http.get(f"{url}/v1/cases/{code}", timeout=5).json()
        assert {a["slot"] for a in view["attachments"]} >= {*PHOTOGRAPHED, "signature"}

        clerk = add_staff(db_url, "W100", ["window"], name="王窗口")
        other = add_staff(db_url, "H200", ["handler"], ["镇派出所"], name="李派出所")
        with desk_page(tmp_path) as page:
            sign_in(page, url, clerk, next=f"/admin/cases/{code}")
            page.wait_for_selector("#open-file")
            page.screenshot(path=str(SCREENS / "case.png"), full_page=True)
            page.click("#open-file")
            page.wait_for_selector("#recorded")
            assert "本次查看已记录" in page.inner_text("#recorded")
            page.wait_for_function("() => [...document.images].every(i => i.complete)")
            images = page.locator("img.material")
            assert images.count() == 2
            for i in range(2):  # decoded by the browser: real pictures, not broken links
                assert images.nth(i).evaluate("img => img.naturalWidth > 100"), page.screenshot(
                    path=str(SCREENS / "casefile-broken.png"), full_page=True)
            assert page.locator("#signature").evaluate("img => img.complete && img.naturalWidth > 100")
            promised = page.inner_text("#promised")
            assert PROMISED in promised and "个工作日" in promised
            assert "本人申请" in page.inner_text("#agent")
            assert "13700001111" in page.inner_text("#form")
            page.screenshot(path=str(SCREENS / "casefile.png"), full_page=True)
            pdf = page.request.get(f"{url}/admin/cases/{code}/file.pdf")
            assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
            (SCREENS / "casefile.pdf").write_bytes(pdf.body())

            page.click("text=退出")
            sign_in(page, url, other, next=f"/admin/cases/{code}/file")
            page.wait_for_selector("h1")
            assert "不在您的办理部门内" in page.inner_text("main")
            page.screenshot(path=str(SCREENS / "refused-other-department.png"), full_page=True)
            refused = page.request.get(f"{url}/admin/cases/{code}/file.pdf")
            assert refused.status == 403

        # the audit chain holds each opening, naming the clerk, and verifies
        eng = sa.create_engine(db_url)
        with eng.connect() as conn:
            rows = conn.execute(sa.text("SELECT step, actor, detail FROM audit_events WHERE device_id='office' "
                                        "ORDER BY seq")).all()
        eng.dispose()
        assert [(r.step, r.actor) for r in rows] == [("case_opened", "W100"), ("case_pdf", "W100")]
        assert all(json.loads(r.detail)["code"] == code for r in rows)
        done = subprocess.run([sys.executable, "-m", "servicenet", "audit-verify", "--device", "office",
                               "--db", db_url], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0 and json.loads(done.stdout)["ok"] is True, done.stdout + done.stderr
