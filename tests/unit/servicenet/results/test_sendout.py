"""Sending a result out from the case page (/admin/cases/<code>/results and /posted), over HTTP against a real
servicenet: the same roles, department scope, rules and audit entries as the API; clear messages on bad input."""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
import sqlalchemy as sa

from servicenet.db import audit_events
from servicenet.process import ServicenetProcess
from tests.helpers.enroll import http
from tests.helpers.staff import add_staff, staff_token
from tests.unit.servicenet.backoffice.test_cases import submitted
from tests.unit.servicenet.conftest import person_id

MakeCase = Callable[..., dict[str, Any]]
DEPARTMENT = "镇派出所"  # of 居民身份证换领, make_case's service
ADDRESS = "广州市从化区鳌头镇龙潭村委会12号"


def signed_in(sn: ServicenetProcess, staff_id: str, roles: list[str], departments: list[str] = ()) -> requests.Session:
    login = add_staff(sn.db_url, staff_id, roles, list(departments))
    s = requests.Session()
    r = s.post(f"{sn.url}/admin/login", data=login.form(), timeout=10)
    assert r.status_code == 200 and "工作人员登录" not in r.text, r.text[:300]
    return s


@pytest.fixture(scope="module")
def clerks(servicenet_module: ServicenetProcess) -> Iterator[dict[str, requests.Session]]:
    sn = servicenet_module
    made = {"window": signed_in(sn, "P-window", ["window"]),
            "handler": signed_in(sn, "P-handler", ["handler"], [DEPARTMENT]),
            "other": signed_in(sn, "P-other", ["handler"], ["镇民政办"]),
            "supervisor": signed_in(sn, "P-super", ["supervisor"])}
    yield made
    for s in made.values():
        s.close()


def page_post(s: requests.Session, sn: ServicenetProcess, code: str, action: str, data: dict[str, str],
              files: dict[str, Any] | None = None) -> requests.Response:
    return s.post(f"{sn.url}/admin/cases/{code}/{action}", data=data, files=files, timeout=30)


def office_audit(sn: ServicenetProcess, code: str) -> list[tuple[str, str, dict[str, Any]]]:
    engine = sa.create_engine(sn.db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.select(audit_events).where(audit_events.c.device_id == "office")
                                .order_by(audit_events.c.seq)).all()
    finally:
        engine.dispose()
    return [(r.step, r.actor, json.loads(r.detail)) for r in rows if json.loads(r.detail).get("code") == code]


def test_issue_a_result_on_the_case_page(servicenet_module: ServicenetProcess, make_case: MakeCase,
                                         clerks: dict[str, requests.Session]) -> None:
    sn = servicenet_module
    code = submitted(sn, make_case(801, delivery={"method": "post", "phone": "13700138001"}))
    assert 'id="issue-form"' not in clerks["handler"].get(f"{sn.url}/admin/cases/{code}", timeout=10).text
    assert page_post(clerks["window"], sn, code, "accept", {"note": "材料齐全"}).status_code == 200
    shown = clerks["handler"].get(f"{sn.url}/admin/cases/{code}", timeout=10).text
    assert 'id="issue-form"' in shown and "尚未出具结果文书" in shown
    r = page_post(clerks["handler"], sn, code, "results", {"kind": "证明", "title": "户籍证明", "text": "兹证明张三户籍在本镇。"})
    assert r.status_code == 200 and r.url.endswith(f"/admin/cases/{code}"), r.text[:300]
    assert "户籍证明" in r.text and 'class="document"' in r.text
    doc = http.get(f"{sn.url}/v1/cases/{code}", timeout=10)  # the case itself is unchanged (still accepted)
    assert doc.json()["status"] == "accepted"
    assert page_post(clerks["handler"], sn, code, "complete", {"note": "准予办理"}).status_code == 200
    listed = http.get(f"{sn.url}/v1/results", params={"case": code}, timeout=10).json()["cases"]
    assert [d["title"] for d in listed[0]["documents"]] == ["户籍证明"]
    doc_code = listed[0]["documents"][0]["doc_code"]
    page = clerks["window"].get(f"{sn.url}/admin/cases/{code}", timeout=10).text
    assert f'href="/verify/{doc_code}"' in page and f"/admin/cases/{code}/results/{doc_code}/pdf" in page
    pdf = clerks["window"].get(f"{sn.url}/admin/cases/{code}/results/{doc_code}/pdf", timeout=10)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.content == http.get(f"{sn.url}/v1/results/{doc_code}/pdf", timeout=10).content
    steps = office_audit(sn, code)
    assert [(s, a) for s, a, _ in steps] == [("result_issued", "P-handler"), ("result_pdf", "P-window")]
    assert steps[0][2]["documents"] == [doc_code]
    assert requests.get(f"{sn.url}/verify/{doc_code}", timeout=10).status_code == 200
    stranger = requests.get(f"{sn.url}/track/{code}", timeout=10).text
    assert "户籍证明" not in stranger and doc_code not in stranger  # the documents only to a proven viewer
    proven = requests.post(f"{sn.url}/track/{code}/prove", data={"proof": person_id()[-4:]}, timeout=10).text
    assert 'id="documents"' in proven and "户籍证明" in proven and f'href="/verify/{doc_code}"' in proven


def test_bad_result_input_gets_a_message(servicenet_module: ServicenetProcess, make_case: MakeCase,
                                         clerks: dict[str, requests.Session]) -> None:
    sn = servicenet_module
    code = submitted(sn, make_case(802))
    refused = page_post(clerks["window"], sn, code, "results", {"kind": "证明", "title": "证明", "text": "同意。"})
    assert refused.status_code == 409 and "不能出具结果" in refused.text  # not accepted yet
    assert "该办件状态为“已提交”" in refused.text and "submitted" not in refused.text  # the clerk's words
    page_post(clerks["window"], sn, code, "accept", {})
    cases = {"no text": ({"kind": "证明", "title": "证明", "text": " "}, None, "请上传PDF或填写批文内容"),
             "no title": ({"kind": "证明", "title": "", "text": "同意。"}, None, "请填写文书标题"),
             "bad kind": ({"kind": "通知", "title": "证明", "text": "同意。"}, None, "文书类别须为：批文、证明、证照"),
             "long title": ({"kind": "证明", "title": "证" * 101, "text": "同意。"}, None, "文书标题不能超过100个字"),
             "not a pdf": ({"kind": "证照", "title": "证照", "text": ""},
                           {"pdf": ("x.pdf", b"hello", "application/pdf")}, "不是可读的PDF文件")}
    for why, (data, files, said) in cases.items():
        r = page_post(clerks["window"], sn, code, "results", data, files)
        assert r.status_code == 409 and said in r.text and 'id="error"' in r.text, (why, r.status_code)
        assert "Traceback" not in r.text
    assert office_audit(sn, code) == []  # nothing issued, nothing recorded


def test_waybill_on_the_case_page(servicenet_module: ServicenetProcess, make_case: MakeCase,
                                  clerks: dict[str, requests.Session]) -> None:
    sn = servicenet_module
    code = submitted(sn, make_case(803, delivery={"method": "post", "phone": "13700138003", "address": ADDRESS}))
    page_post(clerks["window"], sn, code, "accept", {})
    assert "办结后在此填写运单号" in clerks["window"].get(f"{sn.url}/admin/cases/{code}", timeout=10).text
    page_post(clerks["handler"], sn, code, "complete", {})
    assert 'id="posted-form"' in clerks["handler"].get(f"{sn.url}/admin/cases/{code}", timeout=10).text
    for waybill, said in (("顺丰1234567", "运单号只能由英文字母和数字组成"), ("EA 1234 5678", "中间不含空格"),
                          ("12", "6至40位")):
        r = page_post(clerks["handler"], sn, code, "posted", {"carrier": "EMS", "waybill": waybill})
        assert r.status_code == 409 and said in r.text, (waybill, r.text[:300])
        assert "a waybill is" not in r.text  # the page says the API's bilingual refusal in Chinese only
    r = page_post(clerks["handler"], sn, code, "posted", {"carrier": "顺丰速运", "waybill": "ｓｆ１２３４５６７８９０"})
    assert r.status_code == 200 and 'id="waybill">SF1234567890<' in r.text
    assert 'id="posted-form"' not in r.text
    view = http.get(f"{sn.url}/v1/cases/{code}", timeout=10).json()
    assert view["delivery"]["waybill"] == "SF1234567890" and view["delivery"]["carrier"] == "顺丰速运"
    proven = requests.post(f"{sn.url}/track/{code}/prove", data={"proof": person_id()[-4:]}, timeout=5)
    assert 'id="waybill">SF1234567890<' in proven.text
    assert [(s, a, d["waybill"]) for s, a, d in office_audit(sn, code)] == [
        ("result_posted", "P-handler", "SF1234567890")]


def test_a_window_case_has_no_waybill_form(servicenet_module: ServicenetProcess, make_case: MakeCase,
                                           clerks: dict[str, requests.Session]) -> None:
    sn = servicenet_module
    code = submitted(sn, make_case(804))
    page_post(clerks["window"], sn, code, "accept", {})
    page_post(clerks["handler"], sn, code, "complete", {})
    page = clerks["window"].get(f"{sn.url}/admin/cases/{code}", timeout=10).text
    assert 'id="posted-form"' not in page
    r = page_post(clerks["window"], sn, code, "posted", {"carrier": "EMS", "waybill": "EA123456789CN"})
    assert r.status_code == 409 and "该办件未选择邮寄" in r.text


def test_refused_for_the_wrong_role_and_another_department(servicenet_module: ServicenetProcess,
                                                           make_case: MakeCase,
                                                           clerks: dict[str, requests.Session]) -> None:
    sn = servicenet_module
    code = submitted(sn, make_case(805, delivery={"method": "post", "phone": "13700138005", "address": ADDRESS}))
    page_post(clerks["window"], sn, code, "accept", {})
    body = {"kind": "证明", "title": "证明", "text": "同意。", "carrier": "EMS", "waybill": "EA123456789CN"}
    for action in ("results", "posted"):
        r = page_post(clerks["supervisor"], sn, code, action, body)
        assert r.status_code == 403 and "无权操作" in r.text and "窗口受理、事项办理" in r.text, action
        r = page_post(clerks["other"], sn, code, action, body)
        assert r.status_code == 403 and DEPARTMENT in r.text, action
    page = clerks["supervisor"].get(f"{sn.url}/admin/cases/{code}", timeout=10).text  # sees, cannot send out
    assert 'id="issue-form"' not in page
    other = clerks["other"].get(f"{sn.url}/admin/cases/{code}/results/ABCDEFGHJKMNPQRS/pdf", timeout=10)
    assert other.status_code == 403
    assert office_audit(sn, code) == []


def test_the_api_records_the_same_audit_entries(servicenet_module: ServicenetProcess, make_case: MakeCase) -> None:
    sn = servicenet_module
    code = submitted(sn, make_case(806, delivery={"method": "post", "phone": "13700138006", "address": ADDRESS}))
    token = staff_token(sn.db_url, "A-api", ["window", "handler"], ["*"])
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {token}"
    base = f"{sn.url}/v1/backoffice/cases/{code}"
    assert api.post(f"{base}/accept", json={}, timeout=10).status_code == 200
    r = api.post(f"{base}/results", json={"documents": [{"kind": "批文", "title": "批复", "text": "同意。"}]}, timeout=30)
    assert r.status_code == 200, r.text
    assert api.post(f"{base}/complete", json={}, timeout=10).status_code == 200
    r = api.post(f"{base}/posted", json={"carrier": "EMS", "waybill": "ｅａ１２３４５６７８９ｃｎ"}, timeout=10)
    assert r.status_code == 200 and r.json()["delivery"]["waybill"] == "EA123456789CN"
    r = api.post(f"{base}/posted", json={"carrier": "EMS", "waybill": "运单一二三四五六"}, timeout=10)
    assert r.status_code == 409 and "英文字母和数字" in r.json()["detail"]
    assert [(s, a) for s, a, _ in office_audit(sn, code)] == [("result_issued", "A-api"), ("result_posted", "A-api")]


def test_a_pdf_that_breaks_while_stamped_gets_a_message(servicenet_module: ServicenetProcess, make_case: MakeCase,
                                                         clerks: dict[str, requests.Session]) -> None:
    """A PDF that opens but breaks while the stamp goes on (its page has no usable MediaBox): the clerk reads
    不是可读的PDF文件, not the PDF library's English."""
    from servicenet.results import stamp

    sn = servicenet_module
    code = submitted(sn, make_case(861))
    page_post(clerks["window"], sn, code, "accept", {})
    broken = stamp.text_pdf("证明", "同意。").replace(b"/MediaBox", b"/MediaBxx")
    r = page_post(clerks["window"], sn, code, "results", {"kind": "证明", "title": "证明", "text": ""},
                  {"pdf": ("x.pdf", broken, "application/pdf")})
    said = re.search(r'id="error">([^<]*)<', r.text)
    assert r.status_code == 409 and said and "不是可读的PDF文件" in said[1], r.text[-600:]
    assert not re.search(r"[A-Za-z]", said[1].replace("PDF", "")) and office_audit(sn, code) == []
