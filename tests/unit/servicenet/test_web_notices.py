"""短信通知设置 (/web/notices) over HTTP against a real servicenet: a resident signed in by SMS code turns case
notices off and on for her own phones (the record a TD reply writes); codes for login still go."""
from __future__ import annotations

import time
from typing import Any

import requests
import sqlalchemy as sa

from servicenet.process import ServicenetProcess
from servicenet.sms.tables import sms_optouts, sms_outbox
from tests.helpers import sms
from tests.helpers.weblogin import enter_code, fresh_phone, put_on_record, sign_in
from tests.unit.servicenet.backoffice.test_cases import act, staff  # noqa: F401 - fixture
from tests.unit.servicenet.conftest import person_id

NAME = "李四"


def db_rows(sn: ServicenetProcess, query: Any) -> list[Any]:
    engine = sa.create_engine(sn.db_url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(query).all())
    finally:
        engine.dispose()


def notice_state(sn: ServicenetProcess, key: str, timeout: float = 15.0) -> str:
    """The outbox state of one notice once the dispatcher has dealt with it (sent or dropped)."""
    deadline = time.monotonic() + timeout
    while True:
        rows = db_rows(sn, sa.select(sms_outbox.c.state).where(sms_outbox.c.event_key == key))
        if rows and rows[0].state != "queued" or time.monotonic() > deadline:
            return rows[0].state if rows else "missing"
        time.sleep(0.1)


def test_needs_a_proven_session(servicenet_module: ServicenetProcess) -> None:
    url = servicenet_module.url
    r = requests.get(f"{url}/web/notices", allow_redirects=False, timeout=10)
    assert r.status_code == 303 and r.headers["location"] == "/web/login?next=/web/notices"
    r = requests.post(f"{url}/web/notices", data={"phone": "13900000000", "action": "off"}, allow_redirects=False,
                      timeout=10)
    assert r.status_code == 303 and r.headers["location"].startswith("/web/login")
    assert db_rows(servicenet_module, sa.select(sms_optouts)) == []


def test_turn_case_notices_off_and_on(servicenet_module: ServicenetProcess,
                                      staff: requests.Session) -> None:  # noqa: F811 - the fixture imported above
    sn, me = servicenet_module, person_id("44010519800101001")
    s = sign_in(sn.url, NAME, me)  # with a phone of hers; the one set below is another (a login code is once a minute)
    phone = fresh_phone()
    first = put_on_record(sn.url, NAME, me, phone)
    page = s.get(f"{sn.url}/web/notices", timeout=10)
    assert page.status_code == 200 and f"{phone[:3]}****{phone[-4:]}" in page.text and "正在接收办件短信" in page.text
    assert phone not in page.text.replace(f'value="{phone}"', "")  # shown masked; the full number only in the form
    assert 'href="/web/notices"' in s.get(f"{sn.url}/web/cases", timeout=10).text

    r = s.post(f"{sn.url}/web/notices", data={"phone": phone, "action": "off"}, timeout=10)
    assert r.status_code == 200 and r.url.endswith("/web/notices?done=off"), r.text[:300]
    assert "已停止发送办件进度短信" in r.text and "已停止接收办件短信" in r.text and "（网上设置）" in r.text
    assert [o.how for o in db_rows(sn, sa.select(sms_optouts).where(sms_optouts.c.phone == phone))] == ["web"]
    assert act(staff, sn, first, "accept").status_code == 200
    assert notice_state(sn, f"{first}:accepted") == "dropped"  # the notice is not sent
    # a login code still reaches the phone
    again = enter_code(requests.Session(), sn.url, NAME, me, phone)
    assert again.status_code == 303, again.text[:300]

    r = s.post(f"{sn.url}/web/notices", data={"phone": phone, "action": "on"}, timeout=10)
    assert r.status_code == 200 and "已恢复发送办件进度短信" in r.text and "正在接收办件短信" in r.text
    assert db_rows(sn, sa.select(sms_optouts)) == []
    assert act(staff, sn, first, "complete").status_code == 200
    assert notice_state(sn, f"{first}:completed") == "sent"
    assert "已办结" in sms.inbox(sn.url, phone, 3)[-1]


def test_a_phone_opted_out_by_reply_can_be_turned_back_on(servicenet_module: ServicenetProcess) -> None:
    sn, me = servicenet_module, person_id("44010519800101002")
    phone = fresh_phone()
    put_on_record(sn.url, NAME, me, phone)
    s = sign_in(sn.url, NAME, me, phone=phone)
    assert requests.post(f"{sn.url}/sandbox/sms/reply", json={"phone": phone, "text": "TD"},
                         timeout=5).json() == {"result": "opted_out"}
    page = s.get(f"{sn.url}/web/notices", timeout=10).text
    assert "已停止接收办件短信" in page and "（回复TD退订）" in page
    r = s.post(f"{sn.url}/web/notices", data={"phone": phone, "action": "on"}, timeout=10)
    assert r.status_code == 200 and "正在接收办件短信" in r.text
    assert db_rows(sn, sa.select(sms_optouts).where(sms_optouts.c.phone == phone)) == []


def test_only_her_own_phones(servicenet_module: ServicenetProcess) -> None:
    sn, me = servicenet_module, person_id("44010519800101003")
    phone = fresh_phone()
    put_on_record(sn.url, NAME, me, phone)
    s = sign_in(sn.url, NAME, me, phone=phone)
    someone_else = fresh_phone()
    put_on_record(sn.url, "王五", person_id("44010519800101004"), someone_else)
    assert f"{someone_else[:3]}****{someone_else[-4:]}" not in s.get(f"{sn.url}/web/notices", timeout=10).text
    for data, said in (({"phone": someone_else, "action": "off"}, "只能设置您本人登记或验证过的手机号码"),
                       ({"phone": "1380013800", "action": "off"}, "手机号码格式不正确"),
                       ({"phone": phone, "action": "delete"}, "请选择“停止接收”或“恢复接收”")):
        r = s.post(f"{sn.url}/web/notices", data=data, timeout=10)
        assert r.status_code == 400 and said in r.text and 'id="error"' in r.text, (data, r.text[:300])
    held = {o.phone for o in db_rows(sn, sa.select(sms_optouts))}
    assert someone_else not in held and phone not in held
    full_width = phone.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})  # her own, typed full-width
    r = s.post(f"{sn.url}/web/notices", data={"phone": full_width, "action": "off"}, timeout=10)
    assert r.status_code == 200 and phone in {o.phone for o in db_rows(sn, sa.select(sms_optouts))}


def test_a_phone_is_added_on_the_page_with_a_code(servicenet_module: ServicenetProcess) -> None:
    """A resident whose phone is not on record adds it here: a code to it, the code back; then it is hers."""
    sn, me = servicenet_module, person_id("44010519800101003")
    s = sign_in(sn.url, NAME, me)
    phone = fresh_phone()
    masked = f"{phone[:3]}****{phone[-4:]}"
    assert masked not in s.get(f"{sn.url}/web/notices", timeout=10).text
    r = s.post(f"{sn.url}/web/notices", data={"phone": phone, "action": "add", "code": ""}, timeout=10)
    assert r.status_code == 400 and "获取验证码" in r.text  # Enter before a code was asked for
    full_width = phone.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    r = s.post(f"{sn.url}/web/notices", data={"phone": full_width, "action": "send"}, timeout=10)
    assert r.status_code == 200 and f"验证码已发送至 {masked}" in r.text, r.text[:300]
    code = sms.code_sent(sn.url, phone)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    r = s.post(f"{sn.url}/web/notices", data={"phone": phone, "action": "add", "code": wrong}, timeout=10)
    assert r.status_code == 400 and "短信验证码不正确" in r.text
    assert f'value="{phone}"' in r.text  # what she typed stays in the field
    r = s.post(f"{sn.url}/web/notices", data={"phone": phone, "action": "add", "code": code}, timeout=10)
    assert r.status_code == 200 and r.url.endswith("/web/notices?done=added"), r.text[:300]
    assert "手机号码已验证并添加" in r.text and masked in r.text and "正在接收办件短信" in r.text
    r = s.post(f"{sn.url}/web/notices", data={"phone": phone, "action": "off"}, timeout=10)
    assert r.status_code == 200 and "已停止接收办件短信" in r.text  # now one of hers: it can be turned off
    r = s.post(f"{sn.url}/web/notices", data={"phone": "12345", "action": "send"}, timeout=10)
    assert r.status_code == 400 and "11位手机号码" in r.text
