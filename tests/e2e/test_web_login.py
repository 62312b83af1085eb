"""The web login that proves something, in Chromium (Playwright): a resident who once applied at a kiosk with the
ID card and a phone logs in on the web with an SMS code sent through the sandbox gateway to that phone, sees the
kiosk case, then logs out of every device; a stranger's phone gets no code."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from domain import idnumber, regcode
from tests.helpers import sms
from tests.helpers.browser import browser_or_skip, fits_the_screen, phone_page
from tests.helpers.enroll import http, signed
from tests.helpers.servicenet_proc import running_servicenet

pytestmark = [pytest.mark.slow, pytest.mark.e2e]  # drives chromium through Playwright

FIRST17 = "44011719690315002"
WHO = ("周桂兰", FIRST17 + idnumber.check_char(FIRST17))
PHONE = "13966667777"
SFZ = "11440105007512345X4440117001000"


def test_sms_login_and_logout_everywhere(tmp_path: Path, shots: Path) -> None:
    browser_or_skip()
    with running_servicenet(tmp_path / "servicenet.db") as raw, phone_page(tmp_path) as page:
        net = signed(raw)
        code = regcode.make("440117", 2, date(2026, 11, 26), 31)
        case = {"code": code, "service_code": SFZ, "channel": "kiosk", "device_id": net.creds.device_id,
                "submitted_at": "2026-11-26T10:05:00+08:00",
                "applicant": {"name": WHO[0], "id_number": WHO[1], "source": "id_card"},
                "form": {"name": WHO[0], "id_number": WHO[1], "phone": PHONE, "reason": "到期换领"}}
        assert http.post(f"{net.url}/v1/cases/batch", json={"cases": [case]}, timeout=10).json()["results"][0][
            "result"] == "created"

        page.goto(f"{net.url}/web/login?next=/web/cases")
        page.fill("#name", WHO[0])
        page.fill("#id_number", WHO[1])
        page.fill("#phone", "13800000001")  # not the phone on record
        page.click("#send-code")
        assert "登记的号码" in page.inner_text("[role=alert]")
        page.fill("#phone", PHONE)
        page.click("#send-code")
        assert "验证码已发送至 139****7777" in page.inner_text("#sms-sent") and fits_the_screen(page)
        page.screenshot(path=str(shots / "web-login-sms-sent.png"), full_page=True)
        page.fill("#code", sms.code_sent(net.url, PHONE))
        page.click("#sms-login")
        page.wait_for_url("**/web/cases")
        assert regcode.pretty(code) in page.inner_text("main")
        page.screenshot(path=str(shots / "web-cases-after-sms-login.png"), full_page=True)
        assert sms.inbox(net.url, "13800000001", 0, timeout=0) == []

        page.click("#logout-everywhere")
        page.goto(f"{net.url}/web/cases")
        assert "/web/login" in page.url
