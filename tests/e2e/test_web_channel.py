"""Online and offline as one, seen from both sides, in a real browser (Debian's Chromium, headless, phone-sized)
and on the kiosk app (offscreen) against one servicenet:

- a resident applies on the web; the kiosk's track-by-ID-card lists the case (channel: online);
- a resident applies at the kiosk while the link is down; once it syncs, the web page shows the case;
- staff issue a 补正 request on the admin web page; the kiosk's signed case lookup carries the missing list.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from domain import regcode
from domain.status import SyncState
from drivers.sim.sam_reader import SimIdCard
from kiosk.walkthrough import wait_until
from servicenet.webchannel.regseq import is_web
from tests.e2e.kiosk_rig import kiosk_rig
from tests.helpers import sms
from tests.helpers.browser import browser_or_skip, fits_the_screen, phone_page
from tests.helpers.staff import add_staff, sign_in
from tests.helpers.weblogin import sign_in_page

pytestmark = pytest.mark.slow  # drives chromium through Playwright

CARD = SimIdCard.sample()  # 张秀英: the kiosk's reader holds her card, she logs in on the web as herself
ELDER_CARD = "11440105007512345X4441011016000"  # 老年人优待证


@pytest.mark.e2e
def test_web_and_kiosk_see_the_same_cases(qapp, tmp_path: Path, shots: Path) -> None:
    browser_or_skip()
    with kiosk_rig(tmp_path, shots, card=CARD) as rig, phone_page(tmp_path) as page:
        url = rig.net.url

        # 1. on the web: search, read the guide, log in by an SMS code to her phone on record, apply
        page.goto(f"{url}/web")
        assert fits_the_screen(page)
        page.fill("input[name=q]", "优待")
        page.click("button[type=submit]")
        page.click("text=老年人优待证")
        assert "申请材料" in page.inner_text("main")
        page.click("#apply")
        assert "/web/login" in page.url
        earlier = sign_in_page(page, url, CARD.name, CARD.id_number, next=f"/web/apply/{ELDER_CARD}", goto=False)
        assert page.input_value("#f-id_number") == CARD.id_number  # from the login, read-only
        page.fill("#f-phone", "13912345678")
        page.click("#send-code")  # the phone is proven by an SMS code (the sandbox gateway's inbox)
        page.wait_for_selector("#code-sent")
        page.fill("#sms_code", sms.code_sent(url, "13912345678"))
        page.check("input[name=delivery][value=kiosk]")
        page.screenshot(path=str(shots / "web-apply.png"), full_page=True)
        page.press("#sms_code", "Enter")  # the keyboard's "go" submits (the form's default button), no new code
        page.wait_for_selector("#case-code")
        web_code = regcode.validate(page.inner_text("#case-code").split("：")[1])
        assert regcode.is_valid(web_code) and is_web(web_code)
        assert page.inner_text("#case-status") == "已提交" and fits_the_screen(page)
        page.screenshot(path=str(shots / "web-submitted.png"), full_page=True)

        # ... and at the kiosk: track by ID card lists it, marked as an online application
        walk = rig.walk
        walk.home()
        rig.kiosk.vm.navigate("track")
        walk.expect("track")
        rig.kiosk.vm.track.readCard()
        wait_until(lambda: rig.kiosk.vm.track.listed or bool(rig.kiosk.vm.track.error), timeout=20,
                   what="the cases of the ID card")
        model = rig.kiosk.vm.track.casesModel
        rows = [{name: model._rows[i][name] for name in ("code", "channel")} for i in range(model.rowCount())]
        # with the kiosk case that put her phone on record
        assert [r["code"] for r in rows] == [web_code, earlier] and rows[0]["channel"] != rows[1]["channel"]
        walk.shot("kiosk-lists-web-case")
        rig.kiosk.vm.track.open(web_code)
        wait_until(lambda: rig.kiosk.vm.track.found and not rig.kiosk.vm.track.looking, what="the web case")
        assert rig.kiosk.vm.track.serviceName == "老年人优待证"

        # 2. at the kiosk with the link down: a code at once; the web does not know it yet
        rig.link.cut()
        kiosk_code = walk.apply("个人办事", "优待", "老年人优待证", {"phone": "13800138000"})
        assert rig.runtime.services.cases.get(kiosk_code).sync_state is SyncState.QUEUED
        page.goto(f"{url}/web/track")
        page.fill("#code", regcode.pretty(kiosk_code))
        page.click("button[type=submit]")
        assert "未找到办件" in page.inner_text("main")
        rig.link.restore()
        rig.runtime.engine.wake()
        wait_until(lambda: rig.runtime.services.cases.get(kiosk_code).sync_state is SyncState.ACCEPTED, timeout=60,
                   what="the kiosk case to sync")
        page.reload()
        assert page.inner_text("#case-status") == "已提交" and "自助终端" in page.inner_text("main")
        page.goto(f"{url}/web/cases")  # her cases of both channels, newest first
        listed = page.inner_text("#my-cases")
        assert regcode.pretty(kiosk_code) in listed and regcode.pretty(web_code) in listed
        page.screenshot(path=str(shots / "web-my-cases.png"), full_page=True)

        # 3. staff ask for more materials on the web; the kiosk's lookup carries the one-time list
        sign_in(page, url, add_staff(rig.net.db_url, "S001", ["window"], name="王五"), next=f"/admin/cases/{web_code}")
        page.fill("#missing", "户口簿原件\n近期一寸免冠照片")
        page.fill("#supplement-note", "请带原件到窗口或在自助终端补交")
        page.click("#request-supplement")
        assert "待补正：户口簿原件、近期一寸免冠照片" in page.inner_text("#supplement")
        seen = rig.runtime.client.get_case(web_code)  # the kiosk's own signed client, as its track screen asks
        assert seen is not None and seen["supplement"]["missing"] == ["户口簿原件", "近期一寸免冠照片"]
        assert seen["supplement"]["note"] == "请带原件到窗口或在自助终端补交"
        walk.track(web_code, "kiosk-track-supplement")
        assert rig.kiosk.vm.track.found
        # and the resident at the kiosk is told what to bring (一次性告知 of the 补正)
        wait_until(lambda: rig.kiosk.vm.track.supplement == ["户口簿原件", "近期一寸免冠照片"], timeout=20,
                   what="the 补正 list on the track screen")
        walk.shot("kiosk-track-supplement-shown")
        assert rig.kiosk.vm.track.supplementNote == "请带原件到窗口或在自助终端补交"
        page.goto(f"{url}/track/{web_code}")
        assert "户口簿原件" in page.inner_text("#supplement") and fits_the_screen(page)
        page.screenshot(path=str(shots / "web-supplement.png"), full_page=True)
