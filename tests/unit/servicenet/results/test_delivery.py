"""办结 keeps what the way of collecting promised, over HTTP against a real servicenet: a case to be printed at a
kiosk (自助终端打印) is not completed without a result document (the clerk is told, in Chinese, what is missing and
how to issue it; the case stays where it was and no SMS goes), and with one it completes and the resident gets one
SMS saying where to print. 窗口领取 and 邮寄 hand over or post the department's own result and complete as before.
A document being issued at the moment 办结 is pressed never leaves a completed case with nothing to print."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import requests
import sqlalchemy as sa

from domain.status import IllegalTransition
from servicenet import db
from servicenet.backoffice import cases as office
from servicenet.process import ServicenetProcess
from servicenet.results import delivery, documents, signing
from tests.helpers import sms
from tests.helpers.enroll import http
from tests.helpers.threads import both_read_first
from tests.unit.servicenet.backoffice.test_cases import act, staff, submitted  # noqa: F401 - fixture
from tests.unit.servicenet.conftest import ID_LSJZ, ID_SFZ, printed
from tests.unit.servicenet.results.test_sendout import signed_in
from tests.unit.servicenet.test_cli import cli

MakeCase = Callable[..., dict[str, Any]]
ADDRESS = "广州市从化区鳌头镇龙潭村委会12号"
DOC = {"kind": "批文", "title": "准予行政许可决定书", "text": "经审查，准予临时救助。"}


def kiosk_case(sn: ServicenetProcess, make_case: MakeCase, seq: int, phone: str) -> str:
    return submitted(sn, make_case(seq, **printed(phone)))


def completed_notices(sn: ServicenetProcess, phone: str, want: int) -> list[str]:
    time.sleep(1.5)  # the dispatcher runs every second: a message more than wanted would be there by now
    return [t for t in sms.inbox(sn.url, phone, want) if "已办结" in t]


def test_a_kiosk_print_case_is_not_completed_without_a_document(
        servicenet_module: ServicenetProcess, make_case: MakeCase,
        staff: requests.Session) -> None:  # noqa: F811 - the fixture imported above
    sn, phone = servicenet_module, "13700137201"
    code = kiosk_case(sn, make_case, 721, phone)
    assert act(staff, sn, code, "accept").status_code == 200
    refused = act(staff, sn, code, "complete", note="准予办理")
    assert refused.status_code == 409, refused.text
    words = refused.json()["detail"]
    assert "自助终端打印" in words and "尚未出具结果文书" in words and "出具结果文书" in words.split("尚未")[1]
    assert [h["status"] for h in act(staff, sn, code, "start").json()["history"]] == \
        ["submitted", "accepted", "in_progress"]  # the refused 办结 moved nothing (not even to 办理中)
    assert completed_notices(sn, phone, 1) == []  # the resident was not sent to a kiosk with nothing to print

    issued = staff.post(f"{sn.url}/v1/backoffice/cases/{code}/results", json={"documents": [DOC]}, timeout=30)
    assert issued.status_code == 200, issued.text
    done = act(staff, sn, code, "complete", note="准予办理")
    assert done.status_code == 200 and done.json()["status"] == "completed", done.text
    assert act(staff, sn, code, "complete").status_code == 409  # a repeat sends nothing
    [text] = completed_notices(sn, phone, 2)
    assert "可打印" in text and "结果领取" in text and code in text
    # and the kiosk's 结果领取 finds it by the receipt's code
    found = http.get(f"{sn.url}/v1/results", params={"case": code}, timeout=10)
    assert found.status_code == 200 and found.json()["cases"][0]["documents"][0]["title"] == DOC["title"]


def test_window_and_post_complete_without_a_network_document(
        servicenet_module: ServicenetProcess, make_case: MakeCase,
        staff: requests.Session) -> None:  # noqa: F811 - the fixture imported above
    """The window hands over, and the post sends, the department's own result (a card, a certificate on its
    paper): 办结 needs nothing issued on the network, and each SMS promises what its way does."""
    sn = servicenet_module
    window = submitted(sn, make_case(722, delivery={"method": "window", "phone": "13700137202"}))
    posted = submitted(sn, make_case(723, delivery={"method": "post", "phone": "13700137203", "address": ADDRESS}))
    for code in (window, posted):
        assert act(staff, sn, code, "accept").status_code == 200
        assert act(staff, sn, code, "complete").status_code == 200
    [at_window] = completed_notices(sn, "13700137202", 2)
    [by_post] = completed_notices(sn, "13700137203", 2)
    assert "窗口领取" in at_window and "可打印" not in at_window
    assert "邮寄送达" in by_post and "运单号" in by_post and "可打印" not in by_post


def test_the_case_page_says_what_is_missing(servicenet_module: ServicenetProcess, make_case: MakeCase,
                                            staff: requests.Session) -> None:  # noqa: F811 - the fixture imported above
    sn = servicenet_module
    code = kiosk_case(sn, make_case, 724, "13700137204")
    assert act(staff, sn, code, "accept").status_code == 200
    handler = signed_in(sn, "D-handler", ["handler"], ["镇民政办"])  # of 临时救助申请
    page = handler.get(f"{sn.url}/admin/cases/{code}", timeout=10)
    assert 'id="needs-document"' in page.text and "请先在下方“结果文书”出具结果文书，再办结" in page.text
    r = handler.post(f"{sn.url}/admin/cases/{code}/complete", data={"note": "准予办理"}, timeout=10)
    assert r.status_code == 409 and "尚未出具结果文书，办结后自助终端将无可打印的内容" in r.text
    assert "Traceback" not in r.text and "/v1/backoffice" not in r.text  # the page says the Chinese only
    window = signed_in(sn, "D-window", ["window"])  # 窗口受理 issues the document; 办结 is 事项办理's
    r = window.post(f"{sn.url}/admin/cases/{code}/results", data={"kind": "证明", "title": "换领证明",
                                                                "text": "兹证明。"}, timeout=30)
    assert r.status_code == 200 and "换领证明" in r.text
    assert window.post(f"{sn.url}/admin/cases/{code}/complete", data={}, timeout=10).status_code == 403
    page = handler.get(f"{sn.url}/admin/cases/{code}", timeout=10)
    assert 'id="needs-document"' not in page.text
    r = handler.post(f"{sn.url}/admin/cases/{code}/complete", data={"note": "准予办理"}, timeout=10)
    assert r.status_code == 200 and "办结" in r.text
    for s in (handler, window):
        s.close()


def test_a_document_issued_while_completing(servicenet_module: ServicenetProcess, make_case: MakeCase,
                                            staff: requests.Session) -> None:  # noqa: F811 - the fixture imported above
    """出具 and 办结 pressed at once: the document has been read and stamped but not written when 办结 checks.
    The 办结 is refused in words (there is nothing to print yet), the document is kept, and 办结 pressed again
    completes with one SMS. Held the other way round (written first), the same 办结 goes through."""
    sn, phone = servicenet_module, "13700137205"
    code = kiosk_case(sn, make_case, 725, phone)
    assert act(staff, sn, code, "accept").status_code == 200
    engine = db.make_engine(sn.db_url)
    key = signing.load_or_create(engine)
    completing, said = threading.Event(), []

    def issue() -> str:
        documents.attach(engine, key, code, [DOC], sn.url, "S001", "2026-12-04T10:00:00+08:00")
        return "issued"

    def complete() -> str:
        try:
            return str(office.complete(engine, code, "准予办理")["status"])
        except delivery.NothingToCollect as exc:
            return str(exc)
        finally:
            completing.set()

    def hold(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO RESULT_DOCUMENTS"):
            completing.wait(10)  # the document is ready to be written: 办结 is pressed now

    sa.event.listen(engine, "before_cursor_execute", hold)
    try:
        issuer = threading.Thread(target=lambda: said.append(issue()))
        issuer.start()
        time.sleep(0.3)  # the issuer has read the case and waits at its INSERT
        said.append(complete())
        issuer.join(30)
    finally:
        sa.event.remove(engine, "before_cursor_execute", hold)
    assert said[1] == "issued" and "尚未出具结果文书" in said[0], said
    assert len(documents.for_case(engine, code)) == 1
    assert office.complete(engine, code, "准予办理")["status"] == "completed"
    engine.dispose()
    [text] = completed_notices(sn, phone, 2)
    assert "可打印" in text


def test_two_completions_at_once_send_one_sms(servicenet_module: ServicenetProcess, make_case: MakeCase,
                                              staff: requests.Session) -> None:  # noqa: F811 - the fixture imported above
    """办结 pressed twice at once (a double press, or two clerks), each having read the case before either wrote:
    one completes, the other is told in words that the case changed, and the resident gets one SMS."""
    sn, phone = servicenet_module, "13700137206"
    code = kiosk_case(sn, make_case, 726, phone)
    assert act(staff, sn, code, "accept").status_code == 200
    assert act(staff, sn, code, "start").status_code == 200
    assert act(staff, sn, code, "results", documents=[DOC]).status_code == 200
    engine = db.make_engine(sn.db_url)

    def complete() -> str:
        try:
            return str(office.complete(engine, code, "准予办理")["status"])
        except IllegalTransition as exc:
            return str(exc)

    said = sorted(both_read_first(engine, "sms_outbox", [complete, complete], timeout=1.0))
    engine.dispose()
    assert said[0] == "completed" and "已被他人变更" in said[1], said
    [text] = completed_notices(sn, phone, 2)
    assert "可打印" in text


def test_every_way_of_completing_keeps_the_rule(servicenet_module: ServicenetProcess, make_case: MakeCase) -> None:
    """办结 by the staff command line (servicenet advance CODE 办结) and by POST /v1/cases/{code}/status keeps the
    back office's rule: a kiosk-print case without a result document is refused in words, and no 可打印 SMS goes."""
    sn, phone = servicenet_module, "13700137207"
    code = kiosk_case(sn, make_case, 727, phone)
    for step in ("受理", "办理中"):
        assert cli(sn.db_url, "advance", code, step).returncode == 0
    done = cli(sn.db_url, "advance", code, "办结")
    assert done.returncode == 1 and "尚未出具结果文书" in done.stderr, done.stdout + done.stderr
    r = http.post(f"{sn.url}/v1/cases/{code}/status", json={"status": "completed"}, timeout=10)
    assert r.status_code == 409 and "尚未出具结果文书" in r.json()["detail"], r.text
    assert completed_notices(sn, phone, 1) == []
    assert http.get(f"{sn.url}/v1/cases/{code}", timeout=10).json()["status"] == "in_progress"


def batch(sn: ServicenetProcess, case: dict[str, Any]) -> dict[str, Any]:
    r = http.post(f"{sn.url}/v1/cases/batch", json={"cases": [case]}, timeout=10)
    assert r.status_code == 200, r.text
    return dict(r.json()["results"][0])


def test_the_catalogue_says_which_ways_each_service_offers(servicenet_module: ServicenetProcess) -> None:
    """A card is handed over or posted, never printed at a kiosk; an item that lists none offers all three."""
    items = {i["code"]: i for i in http.get(f"{servicenet_module.url}/v1/catalogue", timeout=10).json()["items"]}
    assert items[ID_SFZ]["delivery_methods"] == ["window", "post"]  # 居民身份证换领
    assert "delivery_methods" not in items[ID_LSJZ]


def test_a_way_the_service_does_not_offer_is_refused(servicenet_module: ServicenetProcess,
                                                     make_case: MakeCase) -> None:
    """An older kiosk, a request made by hand, the web: 自助终端打印 of an ID card is refused in words, with what
    the service offers; nothing is stored."""
    sn = servicenet_module
    for seq, how in ((731, {"method": "kiosk", "phone": "13700137231"}),
                     (732, {"method": "kiosk", "offered": ["window", "post"]}),  # its kiosk did not offer it
                     (733, {"method": "kiosk", "offered": ["window", "kiosk", "post"]})):
        case = make_case(seq, delivery=how, **({"channel": "web"} if seq == 733 else {}))
        said = batch(sn, case)
        assert said["result"] == "invalid" and said["message"].startswith(
            "该事项不提供“自助终端打印”领取结果，可选择：窗口领取、邮寄"), said
        assert http.get(f"{sn.url}/v1/cases/{case['code']}", timeout=10).status_code == 404
    # an `offered` that is not a list of known ways, or is huge: refused in words, never a 500 or a case
    for seq, offered in ((735, ["kiosk", "fax"]), (736, ["kiosk"] * 5000), (737, "kiosk"), (738, ["KIOSK"])):
        case = make_case(seq, delivery={"method": "kiosk", "offered": offered})
        said = batch(sn, case)
        assert said["result"] == "invalid" and "delivery" in said["message"], said
        assert http.get(f"{sn.url}/v1/cases/{case['code']}", timeout=10).status_code == 404


def test_a_case_queued_before_the_catalogue_changed_is_taken(servicenet_module: ServicenetProcess,
                                                             make_case: MakeCase) -> None:
    """A kiosk offline took 自助终端打印 while its catalogue still offered it: the case is taken (its bytes are
    frozen), collected at the window instead; its history, the answer and an SMS say so."""
    sn = servicenet_module
    case = make_case(734, delivery={"method": "kiosk", "phone": "13700137234",
                                    "offered": ["window", "kiosk", "post"]})
    said = batch(sn, case)
    assert said["result"] == "created" and "结果改为“窗口领取”" in said["message"], said
    view = http.get(f"{sn.url}/v1/cases/{case['code']}", timeout=10).json()
    assert view["delivery"]["method"] == "window"
    # the note is what the track page (web and kiosk) shows her: her words only, no English or code names
    assert view["history"][0]["note"] == "申请人选择的“自助终端打印”该事项已不再提供，结果改为“窗口领取”。"
    assert batch(sn, case)["result"] == "duplicate"  # sent again, the same case
    # her receipt says 自助终端打印: she is told at once, once, how she will get it instead
    [text] = sms.inbox(sn.url, "13700137234", 1)
    assert "您选择的“自助终端打印”该事项已不再提供，结果将改为“窗口领取”" in text and case["code"] in text
    time.sleep(1.5)  # the dispatcher runs every second: a second message would be there by now
    assert len(sms.inbox(sn.url, "13700137234", 1, timeout=0)) == 1
