"""Result documents over real HTTP: the clerk attaches a PDF and approval text, the network stamps and signs
them; a kiosk lists a person's printable results, fetches the PDF, reports prints up to the item's limit;
/verify says genuine and unchanged, and refuses a byte-altered copy."""
from __future__ import annotations

import base64
import hashlib
import re
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import requests

from domain import regcode, wire
from servicenet import db
from servicenet.process import ServicenetProcess
from servicenet.results import documents, signing
from tests.helpers.enroll import http
from tests.helpers.pdfs import result_pdf, text_of
from tests.helpers.servicenet_proc import running_servicenet
from tests.helpers.staff import add_staff
from tests.helpers.threads import both_read_first
from tests.unit.servicenet.backoffice.test_cases import act, staff, submitted  # noqa: F401  (fixture)
from tests.unit.servicenet.conftest import person_id, printed

MakeCase = Callable[..., dict[str, Any]]
LINES = ["申请人：张*", "经审查，申请符合《社会救助暂行办法》规定的条件，准予临时救助。", "特此决定。"]


def attach(staff: requests.Session, sn: ServicenetProcess, code: str, **doc: Any) -> requests.Response:  # noqa: F811 - the fixture imported above
    return staff.post(f"{sn.url}/v1/backoffice/cases/{code}/results", json={"documents": [doc]}, timeout=30)


@pytest.fixture(scope="module")
def finished(servicenet_module: ServicenetProcess, staff: requests.Session) -> dict[str, Any]:  # noqa: F811 - the fixture imported above
    return finish(servicenet_module, staff, 801)


def finish(sn: ServicenetProcess, staff: requests.Session, seq: int) -> dict[str, Any]:  # noqa: F811 - the fixture imported above
    """A completed kiosk-print case with two documents: a 批文 (a PDF) and a 证明 (text), 2 prints each."""
    case_code = regcode.make("440105", 1, date(2026, 11, 26), seq)
    raw = {"code": case_code, "channel": "kiosk", "device_id": "K-440105-001",
           "submitted_at": "2026-11-26T10:05:00+08:00",
           "applicant": {"name": "张三", "id_number": person_id(), "sex": "男", "nation": "汉",
                         "birth": "1949-12-31", "address": "广州市越秀区北京路1号", "source": "id_card"},
           **printed(f"13800138{seq:03d}")}  # a decision on paper: a kiosk prints it (a card it never could)
    submitted(sn, raw)
    act(staff, sn, case_code, "accept")
    pdf = result_pdf("准予行政许可决定书", LINES)
    r = attach(staff, sn, case_code, kind="批文", title="准予行政许可决定书",
               pdf_base64=base64.b64encode(pdf).decode())
    assert r.status_code == 200, r.text
    r2 = attach(staff, sn, case_code, kind="证明", title="受理情况证明", text="兹证明张*的申请已办结。")
    assert r2.status_code == 200, r2.text
    assert act(staff, sn, case_code, "complete").status_code == 200
    return {"code": case_code, "original": pdf, "docs": r2.json()["documents"]}


def test_documents_are_stamped_signed_and_listed(servicenet_module: ServicenetProcess,
                                                 finished: dict[str, Any]) -> None:
    sn = servicenet_module
    docs = finished["docs"]
    assert [d["kind"] for d in docs] == ["批文", "证明"] and all(d["print_limit"] == 2 for d in docs)
    person = wire.person_hash(sn.creds.enrollment.person_key, person_id())
    listed = http.get(f"{sn.url}/v1/results", params={"person": person}, timeout=10).json()["cases"]
    mine = [c for c in listed if c["code"] == finished["code"]]
    assert mine and mine[0]["service_name"] == "临时救助申请" and len(mine[0]["documents"]) == 2
    pdf = http.get(f"{sn.url}/v1/results/{docs[0]['doc_code']}/pdf", timeout=10)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert hashlib.sha256(pdf.content).hexdigest() == docs[0]["sha256"]
    text = text_of(pdf.content)
    assert text_of(finished["original"]) in text  # the clerk's words are all there
    assert docs[0]["pretty"] in text  # and the stamp's verification code
    assert "兹证明张*的申请已办结" in text_of(http.get(f"{sn.url}/v1/results/{docs[1]['doc_code']}/pdf",
                                                        timeout=10).content)
    # the kiosk API is signed like the rest
    assert requests.get(f"{sn.url}/v1/results/{docs[0]['doc_code']}/pdf", timeout=10).status_code == 401


def test_verify_genuine_and_refuse_an_altered_copy(servicenet_module: ServicenetProcess,
                                                   finished: dict[str, Any]) -> None:
    sn = servicenet_module
    doc = finished["docs"][0]
    page = requests.get(f"{sn.url}/verify/{doc['pretty'].lower()}", timeout=10)  # as typed from the paper
    assert page.status_code == 200 and "真实有效" in page.text
    assert "张*" in page.text and "张三" not in page.text and re.search(r'id="issued">\d{4}-\d{2}-\d{2}<', page.text)
    data = http.get(f"{sn.url}/v1/results/{doc['doc_code']}/pdf", timeout=10).content
    same = requests.post(f"{sn.url}/verify/{doc['doc_code']}", files={"file": ("r.pdf", data)}, timeout=10)
    assert same.status_code == 200 and "完全一致" in same.text
    altered = bytearray(data)
    at = data.index(b"/Producer")
    altered[at + 12] ^= 0x01  # one bit of one byte
    refused = requests.post(f"{sn.url}/verify/{doc['doc_code']}", files={"file": ("r.pdf", bytes(altered))},
                            timeout=10)
    assert refused.status_code == 409 and "已被改动" in refused.text
    by_hash = requests.get(f"{sn.url}/verify/{doc['doc_code']}", params={"sha256": "0" * 64}, timeout=10)
    assert by_hash.status_code == 409
    unknown = requests.get(f"{sn.url}/verify/0000-0000-0000-0000", timeout=10)
    assert unknown.status_code == 404 and "未找到" in unknown.text
    form = requests.get(f"{sn.url}/verify", params={"code": doc["pretty"]}, allow_redirects=False, timeout=10)
    assert form.status_code == 303 and form.headers["location"] == f"/verify/{doc['doc_code']}"


def test_prints_are_recorded_up_to_the_limit(servicenet_module: ServicenetProcess, finished: dict[str, Any]) -> None:
    sn = servicenet_module
    doc = finished["docs"][1]
    url = f"{sn.url}/v1/results/{doc['doc_code']}/prints"
    key = uuid.uuid4().hex
    first = http.post(url, json={"key": key, "copies": 1, "at": "2026-12-04T10:00:00+08:00"}, timeout=10)
    assert first.status_code == 200 and first.json()["printed"] == 1 and first.json()["prints_left"] == 1
    again = http.post(url, json={"key": key, "copies": 1, "at": "2026-12-04T10:00:00+08:00"}, timeout=10)
    assert again.json()["printed"] == 1  # the same report twice is one print
    over = http.post(url, json={"key": uuid.uuid4().hex, "copies": 2, "at": "2026-12-04T10:01:00+08:00"}, timeout=10)
    assert over.status_code == 409 and "最多打印2份" in over.json()["detail"]


def test_a_print_the_printer_did_not_take_is_given_back_once(servicenet_module: ServicenetProcess,
                                                              staff: requests.Session) -> None:  # noqa: F811 - the fixture imported above
    """The kiosk gives back a print its printer did not take: the copy is free again, once, however often the
    give-back is sent (a retry, a lost reply); never more than was counted; a give-back that overtakes its
    count voids the count; only the kiosk that counted it gives it back; the case's print record keeps it."""
    sn = servicenet_module
    doc = finish(sn, staff, 841)["docs"][1]
    base = f"{sn.url}/v1/results/{doc['doc_code']}"

    def count(key: str) -> requests.Response:
        return http.post(f"{base}/prints", json={"key": key, "copies": 1, "at": "2026-12-05T10:00:00+08:00"},
                         timeout=10)

    def give_back(key: str, reason: str = "refused") -> requests.Response:
        return http.post(f"{base}/returns", json={"key": key, "reason": reason, "at": "2026-12-05T10:00:05+08:00"},
                         timeout=10)

    first, second = uuid.uuid4().hex, uuid.uuid4().hex
    assert count(first).json()["printed"] == 1 and count(second).json()["printed"] == 2
    assert count(uuid.uuid4().hex).status_code == 409  # the limit: 2
    back = give_back(first)
    assert back.status_code == 200 and (back.json()["printed"], back.json()["prints_left"]) == (1, 1)
    assert give_back(first).json()["printed"] == 1  # sent again (its reply was lost): given back once
    assert count(first).json()["printed"] == 1  # the count of a print given back is spent: it counts no more
    third = uuid.uuid4().hex
    assert count(third).json()["printed"] == 2  # the copy given back is printed after all
    early = uuid.uuid4().hex  # a count whose answer was lost: the kiosk gives it back before the count arrives
    assert give_back(early, "unanswered").json()["printed"] == 2
    assert count(early).json()["printed"] == 2  # the count, arriving late, is void
    assert give_back(second, "failed").json()["printed"] == 1
    assert give_back(uuid.uuid4().hex).json()["printed"] == 1  # an unknown print gives nothing back
    for bad in ({"key": first, "reason": "because", "at": "2026-12-05T10:00:05+08:00"}, {"key": first}):
        assert http.post(f"{base}/returns", json=bad, timeout=10).status_code == 422
    assert http.post(f"{sn.url}/v1/results/ABCDEFGHJKMNPQRS/returns", json={
        "key": first, "reason": "refused", "at": "2026-12-05T10:00:05+08:00"}, timeout=10).status_code == 404

    engine = db.make_engine(sn.db_url)
    kiosk = "440105-001"  # the kiosk tests.helpers.enroll.http signs as
    try:
        with pytest.raises(documents.ResultRefused, match="不属于"):  # another kiosk's print
            documents.give_back(engine, doc["doc_code"], third, "K-440105-009", "refused", "2026-12-05T10:01:00+08:00")
        other_doc = finish(sn, staff, 842)["docs"][0]["doc_code"]
        with pytest.raises(documents.ResultRefused, match="不属于"):  # another document's print
            documents.give_back(engine, other_doc, third, kiosk, "refused", "2026-12-05T10:01:00+08:00")
        record = documents.prints_of(engine, doc["case_code"])
        assert len(record) == 5 and {p["device_id"] for p in record} == {kiosk}
        given = [p for p in record if p["returned_at"]]
        assert sorted(p["return_reason"] for p in given) == ["failed", "refused", "refused", "unanswered"]
        assert documents.for_case(engine, doc["case_code"])[1]["printed"] == 1
    finally:
        engine.dispose()

    clerk = add_staff(sn.db_url, "P806", ["window"], ["*"])
    browser = requests.Session()
    assert browser.post(f"{sn.url}/admin/login", data={**clerk.form(), "next": "/admin"}, timeout=10).status_code == 200
    page = browser.get(f"{sn.url}/admin/cases/{doc['case_code']}", timeout=10)
    assert page.status_code == 200 and page.text.count('class="print given-back"') == 4
    assert "已退回（打印机未接收作业" in page.text and "已退回（打印作业中止或被取消" in page.text


def test_results_need_an_open_case_and_a_pdf(servicenet_module: ServicenetProcess, make_case: MakeCase,
                                            staff: requests.Session) -> None:  # noqa: F811 - the fixture imported above
    sn = servicenet_module
    code = submitted(sn, make_case(802))
    r = attach(staff, sn, code, kind="批文", title="决定书", text="准予。")
    assert r.status_code == 409 and "不能出具结果" in r.json()["detail"]
    act(staff, sn, code, "accept")
    bad = attach(staff, sn, code, kind="批文", title="决定书", pdf_base64=base64.b64encode(b"not a pdf").decode())
    assert bad.status_code == 422 and "PDF" in bad.json()["detail"]
    assert attach(staff, sn, code, kind="批文", title="决定书").status_code == 422
    for junk in ("JVBERi0x€", "JVBERi0x*", "é"):  # outside ASCII, outside the alphabet: never a 500
        r = attach(staff, sn, code, kind="批文", title="决定书", pdf_base64=junk)
        assert r.status_code == 422 and "非 base64 字符" in r.json()["detail"], (junk, r.text)


@pytest.fixture
def strict_verify(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ServicenetProcess]:
    monkeypatch.setenv("SERVICENET_VERIFY_LIMIT", "3/600")
    with running_servicenet(tmp_path / "sn.db") as sn:
        yield sn


def test_verify_is_rate_limited(strict_verify: ServicenetProcess) -> None:
    answers = [requests.get(f"{strict_verify.url}/verify/{n:04d}-0000-0000-0000", timeout=10).status_code
               for n in range(4)]
    assert answers == [404, 404, 404, 429]


def test_two_reports_of_the_last_copy_at_once_count_one(servicenet_module: ServicenetProcess,
                                                        finished: dict[str, Any]) -> None:
    """Two kiosks report the last allowed copy at the same moment, each having read the count before the other
    wrote: one is counted, the other refused (the network's count is what lets a kiosk print)."""
    code, at = finished["docs"][0]["doc_code"], "2026-12-04T10:00:00+08:00"
    engine = db.make_engine(servicenet_module.db_url)
    documents.record_print(engine, code, uuid.uuid4().hex, "K-440105-001", 1, at)  # one of two printed

    def report(device: str) -> Callable[[], str]:
        def call() -> str:
            try:
                return str(documents.record_print(engine, code, uuid.uuid4().hex, device, 1, at)["printed"])
            except documents.PrintLimit:
                return "refused"
        return call

    said = both_read_first(engine, "result_prints", [report("K-440105-002"), report("K-440105-003")])
    engine.dispose()
    assert sorted(said) == ["2", "refused"]


def test_a_result_issued_twice_at_once_is_a_message(servicenet_module: ServicenetProcess, make_case: MakeCase,
                                                    staff: requests.Session) -> None:  # noqa: F811 - the fixture imported above
    """The clerk's 出具 pressed twice (or two clerks at once): both numbered the case's next document before
    either wrote. One document is issued; the other press is told so in words (it was a 500)."""
    sn = servicenet_module
    code = submitted(sn, make_case(807))
    assert act(staff, sn, code, "accept").status_code == 200
    engine = db.make_engine(sn.db_url)
    key = signing.load_or_create(engine)

    def press() -> str:
        doc = {"kind": "证明", "title": "受理情况证明", "text": "兹证明该申请已受理。"}
        try:
            documents.attach(engine, key, code, [doc], sn.url, "S001", "2026-12-04T10:00:00+08:00")
            return "issued"
        except documents.ResultRefused as exc:
            return str(exc)

    said = sorted(both_read_first(engine, "result_documents", [press, press]))
    assert said[0] == "issued" and "刚出具" in said[1], said
    assert len(documents.for_case(engine, code)) == 1
    engine.dispose()
