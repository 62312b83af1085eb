"""The web login that proves something, in Chromium (Playwright): a resident who once applied at a kiosk with the
ID card and a phone logs in on the web with an SMS code sent through the sandbox gateway to that phone, sees the
kiosk case, then logs out of every device; a stranger's phone gets no code, and a stranger who knows her name
and ID number gets no further than the login page."""
from __future__ import annotations

from pathlib import Path

import pytest

from domain import idnumber, regcode
from tests.helpers import sms
from tests.helpers.browser import browser_or_skip, fits_the_screen, phone_page
from tests.helpers.enroll import signed
from tests.helpers.servicenet_proc import running_servicenet
from tests.helpers.weblogin import put_on_record

pytestmark = [pytest.mark.slow, pytest.mark.e2e]  # drives chromium through Playwright

FIRST17 = "44011719690315002"
WHO = ("周桂兰", FIRST17 + idnumber.check_char(FIRST17))
PHONE = "13966667777"
SFZ = "11440105007512345X4440117001000"


def test_sms_login_and_logout_everywhere(tmp_path: Path, shots: Path) -> None:
    browser_or_skip()
    with running_servicenet(tmp_path / "servicenet.db") as raw, phone_page(tmp_path) as page:
        net = signed(raw)
        code = put_on_record(net.url, *WHO, PHONE)  # she applied at a kiosk with her ID card and this phone

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


def test_a_name_and_an_id_number_open_nothing(tmp_path: Path, shots: Path) -> None:
    browser_or_skip()
    with running_servicenet(tmp_path / "servicenet.db") as raw, phone_page(tmp_path) as page:
        net = signed(raw)
        code = put_on_record(net.url, *WHO, PHONE)
        for target in ("/web/cases", f"/web/apply/{SFZ}", "/web/appointments/new"):
            page.goto(f"{net.url}{target}")
            assert "/web/login" in page.url, target  # every page of hers asks for a login first
        assert page.locator("#declared-login").count() == 0 and "仅凭姓名和身份证号码不能登录" in page.inner_text("main")
        page.fill("#name", WHO[0])
        page.fill("#id_number", WHO[1])
        page.click("#sms-login")  # name and ID number right, no phone, no code
        assert "手机号码" in page.inner_text("[role=alert]") and "/web/login" in page.url
        page.fill("#phone", PHONE)
        page.press("#phone", "Enter")  # Enter before any code: asked to get one, nothing sent, no failure counted
        assert "获取验证码" in page.inner_text("[role=alert]") and sms.inbox(net.url, PHONE, 0, timeout=0) == []
        page.fill("#phone", "13800000002")  # a phone of the stranger's own
        page.click("#send-code")
        assert "登记的号码" in page.inner_text("[role=alert]") and fits_the_screen(page)
        page.screenshot(path=str(shots / "web-login-stranger.png"), full_page=True)
        page.fill("#code", "123456")
        page.click("#sms-login")
        assert "/web/login" in page.url and page.locator("#sms-sent").count() == 0
        page.goto(f"{net.url}/web/cases")
        assert "/web/login" in page.url and regcode.pretty(code) not in page.content()
        assert sms.inbox(net.url, PHONE, 0, timeout=0) == [] and sms.inbox(net.url, "13800000002", 0, timeout=0) == []
