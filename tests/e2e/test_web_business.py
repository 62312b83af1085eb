"""法人 forms on the web, in Chromium (Playwright): a person who applied for a business at a kiosk signs in by SMS
code and finds the next business form with the organisation's credit code and name filled in, editable; choosing
授权代理人 there asks for the letter of authorisation among the materials."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.browser import browser_or_skip, fits_the_screen, phone_page
from tests.helpers.enroll import signed
from tests.helpers.servicenet_proc import running_servicenet
from tests.helpers.weblogin import sign_in_page
from tests.unit.servicenet.test_business import BOSS, BUILD, CODE, kiosk_business_case

pytestmark = [pytest.mark.slow, pytest.mark.e2e]  # drives chromium through Playwright


def test_the_next_business_form_knows_the_organisation(tmp_path: Path, shots: Path) -> None:
    browser_or_skip()
    with running_servicenet(tmp_path / "servicenet.db") as raw, phone_page(tmp_path) as page:
        net = signed(raw)
        kiosk_business_case(net, BOSS, 1, CODE, "好味食品有限公司")  # 食品经营许可 at a kiosk, with her ID card
        sign_in_page(page, net.url, *BOSS, next=f"/web/apply/{BUILD}")
        assert page.input_value("#f-credit_code") == CODE and page.input_value("#f-org_name") == "好味食品有限公司"
        assert page.get_attribute("#f-credit_code", "readonly") is None  # another organisation: just retype
        assert page.get_attribute("#f-id_number", "readonly") is not None  # the login's, as always
        assert "上次办理法人事项" in page.inner_text("#organisation-filled") and fits_the_screen(page)
        page.screenshot(path=str(shots / "web-business-form-prefilled.png"), full_page=True)
        assert page.is_hidden("#agent-letter")  # no role chosen yet: no letter asked for
        page.select_option("#f-rep_role", "授权代理人")
        assert page.is_visible("#agent-letter") and "授权委托书" in page.inner_text("#agent-letter")
        page.screenshot(path=str(shots / "web-business-agent-letter.png"), full_page=True)
        page.select_option("#f-rep_role", "法定代表人")
        assert page.is_hidden("#agent-letter")
        page.fill("#f-credit_code", "91350100M000100Y44")  # a wrong check character is still refused
        page.fill("#f-phone", "13800138000")
        page.click("#submit")
        assert "校验位不符" in page.inner_text("#err-credit_code")
