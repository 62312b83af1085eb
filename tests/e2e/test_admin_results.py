"""A case sent out from the back office in Chromium, on a real servicenet: a 窗口受理 clerk accepts a kiosk case,
a 事项办理 clerk of its department issues the signed result on the case page and completes it; the resident's
track page and the kiosk's 结果领取 list show the document, and its verify page confirms it. A posted case: the
clerk enters the waybill (typed full-width) and the resident's track page shows it. Screenshots go to
out/screens/admin/."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from domain import regcode
from servicenet.process import REPO_ROOT
from tests.helpers.browser import browser_or_skip, desk_page, phone_page
from tests.helpers.enroll import SignedNet, http
from tests.helpers.servicenet_proc import running_servicenet, signed
from tests.helpers.staff import StaffLogin, add_staff, sign_in
from tests.unit.servicenet.conftest import ID_SFZ, person_id, printed

pytestmark = pytest.mark.slow  # servicenet, chromium through Playwright

SCREENS = REPO_ROOT / "out" / "screens" / "admin"
DEPARTMENT = "镇派出所"  # of 居民身份证换领


@pytest.fixture(scope="module")
def net(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SignedNet]:
    with running_servicenet(tmp_path_factory.mktemp("net") / "servicenet.db") as sn:
        yield signed(sn)


def kiosk_case(net: SignedNet, seq: int, delivery: dict[str, str]) -> str:
    """A 居民身份证换领 case as a kiosk sends it (ID card read), collected as `delivery` says; one printed at a kiosk
    is a 临时救助申请 (a card is never printed: 居民身份证换领 does not offer it)."""
    from datetime import date

    code = regcode.make("440105", 1, date(2026, 11, 27), seq)
    case = {"code": code, "service_code": ID_SFZ, "channel": "kiosk", "device_id": "K-440105-001",
            "submitted_at": "2026-11-27T09:30:00+08:00",
            "applicant": {"name": "张三", "id_number": person_id(), "sex": "男", "nation": "汉",
                          "birth": "1949-12-31", "address": "广州市越秀区北京路1号", "source": "id_card"},
            "form": {"name": "张三", "id_number": person_id(), "phone": delivery["phone"],
                     "address": "广州市从化区鳌头镇龙潭村委会12号", "reason": "到期换领"},
            "delivery": delivery}
    if delivery["method"] == "kiosk":
        case.update(printed(delivery["phone"]))
    r = http.post(f"{net.url}/v1/cases/batch", json={"cases": [case]}, timeout=10)
    assert r.json()["results"][0]["result"] == "created", r.text
    return code


def as_staff(page: Any, url: str, login: StaffLogin, code: str) -> None:
    """Sign out whoever is signed in, sign `login` in and open the case."""
    if page.locator('form[action="/admin/logout"] button').count():
        page.click('form[action="/admin/logout"] button')
        page.wait_for_url("**/admin/login*")
    sign_in(page, url, login, next=f"/admin/cases/{code}")
    page.wait_for_selector("#case-status")


def track_as_resident(tmp_path: Path, url: str, code: str, shot: str) -> str:
    """The resident's track page after proving the link (last 4 of the ID number): its text."""
    with phone_page(tmp_path) as page:
        page.goto(f"{url}/track/{code}")
        page.fill("#proof", person_id()[-4:])
        page.click("#prove-submit")
        page.wait_for_selector("#delivery")
        page.screenshot(path=str(SCREENS / shot), full_page=True)
        return str(page.inner_text("main"))


@pytest.mark.e2e
def test_issue_a_result_and_complete_in_the_browser(net: SignedNet, tmp_path: Path) -> None:
    browser_or_skip()
    SCREENS.mkdir(parents=True, exist_ok=True)
    url = net.url
    code = kiosk_case(net, 901, {"method": "kiosk", "phone": "13700139001"})
    window = add_staff(net.db_url, "W900", ["window"], name="王窗口")
    handler = add_staff(net.db_url, "H900", ["handler"], ["镇民政办"], name="李办理")
    with desk_page(tmp_path) as page:
        as_staff(page, url, window, code)
        page.click("#accept")
        page.wait_for_selector("#issue-form")  # the window may send results out too; here the department does
        assert page.inner_text("#case-status") == "受理"

        as_staff(page, url, handler, code)
        page.select_option("#doc-kind", "证明")
        page.fill("#doc-title", "临时救助证明")
        page.click("#issue")  # a title but neither text nor PDF: a message, nothing issued
        page.wait_for_selector("#error")
        assert "请上传PDF或填写批文内容" in page.inner_text("#error")
        page.screenshot(path=str(SCREENS / "result-refused.png"), full_page=True)
        assert page.input_value("#doc-title") == "临时救助证明" and page.input_value("#doc-kind") == "证明"  # as typed
        page.fill("#doc-text", "兹证明张三，公民身份号码尾号" + person_id()[-4:] + "，符合临时救助条件。")
        page.click("#issue")
        page.wait_for_selector("tr.document")
        page.fill("#complete-note", "准予办理")
        page.click("#complete")
        page.wait_for_function("document.querySelector('#case-status').innerText === '办结'")
        cells = [c.strip() for c in page.inner_text("tr.document").split("\t")]
        assert cells[:2] == ["证明", "临时救助证明"] and "0/2" in cells
        page.screenshot(path=str(SCREENS / "result-issued.png"), full_page=True)
        doc_code = page.get_attribute("tr.document a[href^='/verify/']", "href").rsplit("/", 1)[1]
        link = page.get_attribute("tr.document a[href$='/pdf']", "href")
        assert link == f"/admin/cases/{code}/results/{doc_code}/pdf"
        got = page.request.get(url + link)  # the clerk's session (the browser context's cookies)
        assert got.status == 200 and got.body().startswith(b"%PDF")

    # the kiosk's 结果领取 list (a signed kiosk request, by the receipt's code) and the resident's track page
    listed = http.get(f"{url}/v1/results", params={"case": code}, timeout=10).json()["cases"]
    assert [(d["doc_code"], d["title"], d["prints_left"]) for d in listed[0]["documents"]] == [
        (doc_code, "临时救助证明", 2)]
    seen = track_as_resident(tmp_path, url, code, "result-track.png")
    assert "结果文书" in seen and "临时救助证明" in seen and "核验真伪" in seen
    with phone_page(tmp_path) as page:
        page.goto(f"{url}/verify/{doc_code}")
        assert "临时救助证明" in page.inner_text("main")
        page.screenshot(path=str(SCREENS / "result-verify.png"), full_page=True)


@pytest.mark.e2e
def test_enter_the_waybill_of_a_posted_case_in_the_browser(net: SignedNet, tmp_path: Path) -> None:
    browser_or_skip()
    SCREENS.mkdir(parents=True, exist_ok=True)
    url = net.url
    code = kiosk_case(net, 902, {"method": "post", "phone": "13700139002", "address": "广州市从化区鳌头镇龙潭村委会12号"})
    window = add_staff(net.db_url, "W901", ["window"], name="赵窗口")
    handler = add_staff(net.db_url, "H901", ["handler"], [DEPARTMENT], name="钱办理")
    with desk_page(tmp_path) as page:
        as_staff(page, url, window, code)
        page.click("#accept")
        page.wait_for_selector("#delivery")
        assert "办结后在此填写运单号" in page.inner_text("#delivery")
        as_staff(page, url, handler, code)
        page.click("#complete")
        page.wait_for_selector("#posted-form")
        page.select_option("#carrier", "顺丰速运")
        page.fill("#waybill-input", "顺丰SF123456")
        page.click("#post-result")
        page.wait_for_selector("#error")
        assert "运单号只能由英文字母和数字组成" in page.inner_text("#error")
        page.screenshot(path=str(SCREENS / "waybill-refused.png"), full_page=True)
        assert page.input_value("#carrier") == "顺丰速运"
        page.fill("#waybill-input", "ｓｆ１２３４５６７８９０")  # typed on a full-width keyboard
        page.click("#post-result")
        page.wait_for_selector("#waybill")
        assert page.inner_text("#waybill") == "SF1234567890"
        assert "顺丰速运" in page.inner_text("#delivery")
        page.screenshot(path=str(SCREENS / "waybill-entered.png"), full_page=True)
    seen = track_as_resident(tmp_path, url, code, "waybill-track.png")
    assert "顺丰速运 运单号 SF1234567890" in seen
