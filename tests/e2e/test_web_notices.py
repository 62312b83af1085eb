"""短信通知设置 in Chromium: a resident adds a phone with an SMS code, the Enter key never sends another code."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import sms
from tests.helpers.browser import browser_or_skip, fits_the_screen, phone_page
from tests.helpers.enroll import signed
from tests.helpers.servicenet_proc import running_servicenet
from tests.helpers.weblogin import fresh_phone, sign_in_page
from tests.unit.servicenet.conftest import person_id

pytestmark = [pytest.mark.slow, pytest.mark.e2e]  # drives chromium through Playwright


def test_a_phone_is_added_on_the_notices_page(tmp_path: Path, shots: Path) -> None:
    browser_or_skip()
    with running_servicenet(tmp_path / "servicenet.db") as raw, phone_page(tmp_path) as page:
        net = signed(raw)
        sign_in_page(page, net.url, "李四", person_id("44010519800101009"), next="/web/notices")
        phone = fresh_phone()
        masked = f"{phone[:3]}****{phone[-4:]}"
        page.fill("#add-number", phone)
        page.click("#send-code")
        assert f"验证码已发送至 {masked}" in page.inner_text("#done") and fits_the_screen(page)
        assert page.input_value("#add-number") == phone and page.is_hidden("button[hidden]")
        page.screenshot(path=str(shots / "web-notices-code-sent.png"), full_page=True)
        page.fill("#add-code", "000000" if sms.code_sent(net.url, phone) != "000000" else "111111")
        page.press("#add-code", "Enter")  # Enter adds (a wrong code here): it does not send one more code
        assert "短信验证码不正确" in page.inner_text("#error") and len(sms.inbox(net.url, phone)) == 1
        page.fill("#add-code", sms.code_sent(net.url, phone))
        page.press("#add-code", "Enter")
        assert "手机号码已验证并添加" in page.inner_text("#done") and masked in page.inner_text("#phones")
        page.screenshot(path=str(shots / "web-notices-phone-added.png"), full_page=True)
