"""The resident's SMS at each step, through a real servicenet over HTTP and its sandbox gateway's inbox:
accepted, 补正 asked (with the list), completed and ready to print at a kiosk, posted (with the waybill), rejected
(不予受理 / 不予办理, with the clerk's reason)."""
from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests
import sqlalchemy as sa

from servicenet.process import REPO_ROOT, ServicenetProcess
from servicenet.results import notices
from servicenet.results.tables import case_delivery
from servicenet.sms.tables import sms_outbox
from tests.helpers import sms
from tests.unit.servicenet.backoffice.test_cases import act, staff, submitted  # noqa: F401  (fixture)
from tests.unit.servicenet.conftest import ID_OLD, person_id, printed
from tests.unit.servicenet.test_cli import cli

MakeCase = Callable[..., dict[str, Any]]


def inbox(sn: ServicenetProcess, phone: str, want: int) -> list[str]:
    return sms.inbox(sn.url, phone, want)


def test_notices_of_a_kiosk_print_case(servicenet_module: ServicenetProcess, make_case: MakeCase,
                                       staff: requests.Session) -> None:  # noqa: F811 - the fixture imported above
    sn, phone = servicenet_module, "13700137001"
    case = make_case(701, **printed(phone))
    code = submitted(sn, case)
    assert act(staff, sn, code, "accept").status_code == 200
    assert act(staff, sn, code, "accept").status_code == 409  # a refused repeat sends nothing
    act(staff, sn, code, "supplement", missing=["居民户口簿原件", "近期免冠照片"])
    act(staff, sn, code, "supplement/received")
    assert act(staff, sn, code, "complete").status_code == 409  # nothing to print yet: no SMS
    assert act(staff, sn, code, "results", documents=[{"kind": "批文", "title": "临时救助决定书", "text": "准予救助。"}]
               ).status_code == 200
    assert act(staff, sn, code, "complete").status_code == 200
    texts = inbox(sn, phone, 3)
    assert len(texts) == 3, texts
    assert "已受理" in texts[0] and "10个工作日" in texts[0]  # 临时救助申请's time limit
    assert "需要补正材料：居民户口簿原件、近期免冠照片" in texts[1]
    assert "已办结" in texts[2] and "可打印" in texts[2] and "自助终端" in texts[2] and "结果领取" in texts[2]
    assert all(t.startswith("【政务服务网】") and code in t for t in texts)
    page = requests.get(f"{sn.url}/sandbox/sms/inbox", params={"phone": phone}, timeout=5)
    assert page.status_code == 200 and "需要补正材料" in page.text


def test_posted_notice_and_waybill_on_the_case(servicenet_module: ServicenetProcess, make_case: MakeCase,
                                              staff: requests.Session) -> None:  # noqa: F811 - the fixture imported above
    sn, phone = servicenet_module, "13700137002"
    code = submitted(sn, make_case(702, delivery={"method": "post", "phone": phone,
                                                  "address": "广州市从化区鳌头镇龙潭村委会12号"}))
    act(staff, sn, code, "accept")
    act(staff, sn, code, "complete")
    r = act(staff, sn, code, "posted", carrier="EMS", waybill="ems 1234 5678 9")
    assert r.status_code == 422 or r.status_code == 409  # spaces are not part of a waybill
    r = act(staff, sn, code, "posted", carrier="EMS", waybill="EA123456789CN")
    assert r.status_code == 200, r.text
    assert r.json()["delivery"] == {"method": "post", "method_label": "邮寄", "carrier": "EMS",
                                    "waybill": "EA123456789CN", "posted_at": r.json()["delivery"]["posted_at"]}
    texts = inbox(sn, phone, 3)
    assert "已寄出" in texts[-1] and "EMS运单号EA123456789CN" in texts[-1]
    assert "EA123456789CN" not in requests.get(f"{sn.url}/track/{code}", timeout=5).text  # strangers see status words
    proven = requests.post(f"{sn.url}/track/{code}/prove", data={"proof": person_id()[-4:]}, timeout=5)
    assert 'id="waybill">EA123456789CN<' in proven.text and "领取方式：邮寄" in proven.text


def test_post_without_address_is_refused(servicenet_module: ServicenetProcess, make_case: MakeCase) -> None:
    from tests.helpers.enroll import http

    r = http.post(f"{servicenet_module.url}/v1/cases/batch",
                  json={"cases": [make_case(703, delivery={"method": "post", "phone": "13700137003"},
                                            form={"name": "张三", "id_number": person_id(), "phone": "13700137003",
                                                  "reason": "到期换领"})]}, timeout=10)  # no address anywhere
    res = r.json()["results"][0]
    assert res["result"] == "invalid" and "收件地址" in res["message"]


@pytest.mark.parametrize(("seq", "action", "body"), [(704, "accept", {}), (709, "reject", {"reason": "材料不全"})])
def test_opt_out_by_reply(servicenet_module: ServicenetProcess, make_case: MakeCase,
                          staff: requests.Session,  # noqa: F811 - the fixture imported above
                          seq: int, action: str, body: dict[str, str]) -> None:
    """An opted-out phone gets no notice of the step (accepted, rejected), and the step is done."""
    sn, phone = servicenet_module, f"13700137{seq:03d}"
    r = requests.post(f"{sn.url}/sandbox/sms/reply", json={"phone": phone, "text": "TD"}, timeout=5)
    assert r.json() == {"result": "opted_out"}
    code = submitted(sn, make_case(seq, delivery={"method": "window", "phone": phone}))
    assert act(staff, sn, code, action, **body).status_code == 200
    time.sleep(1.5)
    assert inbox(sn, phone, 0) == []


@pytest.mark.parametrize("phone", ["12345", "1380013800x"])
def test_sandbox_rejects_a_bad_phone(servicenet_module: ServicenetProcess, phone: str) -> None:
    r = requests.get(f"{servicenet_module.url}/sandbox/sms/messages", params={"phone": phone}, timeout=5)
    assert r.status_code == 422 and "11位" in r.json()["detail"]


def test_a_corrected_waybill_is_sent_again(servicenet_module: ServicenetProcess, make_case: MakeCase,
                                           staff: requests.Session) -> None:  # noqa: F811 - the fixture imported above
    """The clerk mistyped the waybill and enters it again: the resident gets the corrected number (the first SMS
    named the wrong one); the same waybill entered twice is still one message."""
    sn, phone = servicenet_module, "13700137005"
    code = submitted(sn, make_case(705, delivery={"method": "post", "phone": phone,
                                                  "address": "广州市从化区鳌头镇龙潭村委会12号"}))
    act(staff, sn, code, "accept")
    act(staff, sn, code, "complete")
    assert act(staff, sn, code, "posted", carrier="EMS", waybill="EA123456788CN").status_code == 200
    assert act(staff, sn, code, "posted", carrier="EMS", waybill="EA123456789CN").status_code == 200
    assert act(staff, sn, code, "posted", carrier="EMS", waybill="EA123456789CN").status_code == 200
    texts = inbox(sn, phone, 4)
    time.sleep(1.5)  # the dispatcher runs every second: a third posted notice would be there by now
    texts = inbox(sn, phone, 4)
    posted = [t for t in texts if "已寄出" in t]
    assert len(posted) == 2, texts
    assert "EA123456788CN" in posted[0] and "EA123456789CN" in posted[1]


def test_the_accepted_notice_of_a_same_day_service(servicenet_module: ServicenetProcess, make_case: MakeCase,
                                                   staff: requests.Session,  # noqa: F811 - the fixture imported above
                                                   tmp_path: Path) -> None:
    """A service done on the spot (即办件, time limit 0) is not promised in "0个工作日"."""
    sn, phone = servicenet_module, "13700137006"
    item = next(i for i in json.loads((REPO_ROOT / "assets" / "catalogue.json").read_text("utf-8"))["items"]
                if i["code"] == ID_OLD)
    same_day = {**item, "code": ID_OLD[:-3] + "906", "name": "即办测试事项", "time_limit_days": 0}
    (tmp_path / "catalogue.json").write_text(json.dumps({"version": 1, "items": [same_day]}), "utf-8")
    assert cli(sn.db_url, "import-catalogue", str(tmp_path / "catalogue.json")).returncode == 0
    code = submitted(sn, make_case(706, service_code=same_day["code"],
                                   form={"name": "张三", "id_number": person_id(), "phone": phone},
                                   delivery={"method": "window", "phone": phone}))
    assert act(staff, sn, code, "accept").status_code == 200
    [text] = inbox(sn, phone, 1)
    assert "已受理" in text and "0个工作日" not in text and "当场办结" in text


REASON = "申请人户籍不在本辖区，请到户籍所在地派出所办理"


def test_not_accepted_sends_one_notice_with_the_reason(servicenet_module: ServicenetProcess, make_case: MakeCase,
                                                       staff: requests.Session) -> None:  # noqa: F811 - the fixture imported above
    """不予受理 of a case that has a fee (居民身份证换领, 20元): one SMS with the reason, where to ask, and no word of
    paying; a second press is refused and sends nothing, nor does the event enqueued again."""
    sn, phone = servicenet_module, "13700137007"
    code = submitted(sn, make_case(707, delivery={"method": "window", "phone": phone}))
    r = act(staff, sn, code, "reject", reason=REASON + "。")
    assert r.status_code == 200 and r.json()["status"] == "rejected", r.text
    assert act(staff, sn, code, "reject", reason="另一个理由").status_code == 409
    with sa.create_engine(sn.db_url).begin() as conn:  # the same event again (a retried step): the key holds
        notices.on_status(conn, code, "rejected", "另一个理由", "submitted")
    [text] = inbox(sn, phone, 1)
    time.sleep(1.5)  # the dispatcher runs every second: a second notice would be there by now
    assert sms.inbox(sn.url, phone, 2, timeout=0) == [text]
    assert text.startswith("【政务服务网】") and code in text and "“居民身份证换领”" in text
    assert f"不予受理，理由：{REASON}。" in text and "另一个理由" not in text
    assert "镇便民服务中心3号窗口" in text and "12345" in text and text.endswith("回复TD退订")
    assert "缴费" not in text and "元" not in text  # nothing is owed for a case the office will not handle
    pay = requests.get(f"{sn.url}/pay/{code}", timeout=5)
    assert pay.status_code == 200 and "无需缴费" in pay.text


def test_refused_after_acceptance_says_so(servicenet_module: ServicenetProcess, make_case: MakeCase,
                                          staff: requests.Session) -> None:  # noqa: F811 - the fixture imported above
    sn, phone = servicenet_module, "13700137008"
    code = submitted(sn, make_case(708, **printed(phone)))
    assert act(staff, sn, code, "accept").status_code == 200
    assert act(staff, sn, code, "reject", reason="所交照片不符合制证要求").status_code == 200
    texts = inbox(sn, phone, 2)
    assert len(texts) == 2 and "已受理" in texts[0], texts
    assert "经审查不予办理，理由：所交照片不符合制证要求。" in texts[1] and "不予受理" not in texts[1]


def test_a_case_without_a_phone_is_rejected_without_a_notice(servicenet_module: ServicenetProcess,
                                                             make_case: MakeCase,
                                                             staff: requests.Session) -> None:  # noqa: F811 - the fixture imported above
    """A case whose phone is not on record (blank, or no delivery row at all: cases older than case_delivery)."""
    sn = servicenet_module
    blank = submitted(sn, make_case(710, delivery={"method": "window", "phone": "13700137010"}))
    gone = submitted(sn, make_case(711, delivery={"method": "window", "phone": "13700137011"}))
    engine = sa.create_engine(sn.db_url)
    with engine.begin() as conn:
        conn.execute(sa.update(case_delivery).where(case_delivery.c.code == blank).values(phone=""))
        conn.execute(sa.delete(case_delivery).where(case_delivery.c.code == gone))
    for code in (blank, gone):
        r = act(staff, sn, code, "reject", reason=REASON)
        assert r.status_code == 200 and r.json()["status"] == "rejected", r.text
    with engine.connect() as conn:
        assert conn.execute(sa.select(sms_outbox.c.id).where(
            sms_outbox.c.event_key.in_([f"{blank}:rejected", f"{gone}:rejected"]))).all() == []


def test_a_long_reason_is_cut_for_the_sms(servicenet_module: ServicenetProcess, make_case: MakeCase,
                                          staff: requests.Session) -> None:  # noqa: F811 - the fixture imported above
    """The SMS carries the reason's first REASON_MAX characters and says it is cut (…); the case keeps it whole."""
    sn, phone = servicenet_module, "13700137012"
    reason = "经核查，" + "申请材料中的户口簿信息与人口信息系统登记不一致，" * 10 + "请先到派出所更正户籍信息。"
    assert len(reason) > 2 * notices.REASON_MAX
    code = submitted(sn, make_case(712, delivery={"method": "window", "phone": phone}))
    r = act(staff, sn, code, "reject", reason=reason)
    assert r.status_code == 200 and r.json()["history"][-1]["note"] == reason  # the case page has it all
    [text] = inbox(sn, phone, 1)
    shown = text.split("理由：", 1)[1].split("。可凭登记编码", 1)[0]
    assert len(shown) == notices.REASON_MAX and shown.endswith("…") and reason.startswith(shown[:-1])
    assert "可凭登记编码在自助终端或网上查询详情" in text and "12345" in text
    assert len(text) <= 3 * 67  # three parts of a long SMS


@pytest.mark.parametrize(("clerk", "sms_text"), [
    ("材料不全\n请补齐后重新申请。", "材料不全 请补齐后重新申请"),
    ("  ", "未注明"),
    ("字" * 61, "字" * 59 + "…"),
    ("字" * 60, "字" * 60),
])
def test_short_reason(clerk: str, sms_text: str) -> None:
    assert notices.short_reason(clerk) == sms_text
