"""Web login that proves something, over real HTTP: an SMS code to the phone on record for the person (given on
a kiosk case whose applicant a card identified), through the sandbox SMS gateway; lockout after failures;
logout everywhere (单点退出) kills every session of the person at once; sessions expire."""
from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import requests

from domain import regcode
from domain.models import Person
from servicenet.webchannel.session import MAX_AGE, CookieBox, session_cookie
from tests.helpers.enroll import SignedNet, http
from tests.helpers.sms import code_sent, inbox
from tests.unit.servicenet.conftest import person_id

MakeCase = Callable[..., dict[str, Any]]
_seq = itertools.count(6000)


def on_record(net: SignedNet, make_case: MakeCase, name: str, number: str, phone: str) -> str:
    """A kiosk case of this person (ID card read) with this phone on its form; its code."""
    case = make_case(next(_seq), applicant={"name": name, "id_number": number, "source": "id_card"},
                     form={"name": name, "id_number": number, "phone": phone, "reason": "到期换领"})
    r = http.post(f"{net.url}/v1/cases/batch", json={"cases": [case]}, timeout=10)
    assert r.json()["results"][0]["result"] == "created", r.text
    return str(case["code"])


def form(name: str, number: str, phone: str, action: str, code: str = "") -> dict[str, str]:
    return {"name": name, "id_number": number, "phone": phone, "action": action, "code": code, "next": "/web/cases"}


def sms_login(net: SignedNet, name: str, number: str, phone: str) -> requests.Session:
    s = requests.Session()
    before = len(inbox(net.url, phone, 0, timeout=0))
    sent = s.post(f"{net.url}/web/login", data=form(name, number, phone, "send"), timeout=10)
    assert sent.status_code == 200 and "验证码已发送" in sent.text, sent.text[:400]
    code = code_sent(net.url, phone, before)
    r = s.post(f"{net.url}/web/login", data=form(name, number, phone, "sms", code), allow_redirects=False,
               timeout=10)
    assert r.status_code == 303 and r.headers["location"] == "/web/cases", r.text[:400]
    return s


def test_sms_login_to_the_phone_on_record(servicenet: SignedNet, make_case: MakeCase) -> None:
    who = ("赵丽", person_id("44010519850505002"))
    case = on_record(servicenet, make_case, *who, "13911112222")
    stranger = requests.Session()
    r = stranger.post(f"{servicenet.url}/web/login", data=form(*who, "13800000000", "send"), timeout=10)
    assert r.status_code == 400 and "登记的号码" in r.text
    assert inbox(servicenet.url, "13800000000", 0, timeout=0) == []  # nothing sent to a stranger's phone
    s = sms_login(servicenet, *who, "１３９ １１１１ ２２２２")  # any spelling of the phone
    mine = s.get(f"{servicenet.url}/web/cases", timeout=10)
    assert mine.status_code == 200 and regcode.pretty(case) in mine.text


def test_wrong_codes_lock_the_id_number_out(servicenet: SignedNet, make_case: MakeCase) -> None:
    who = ("钱多", person_id("44010519750505002"))
    on_record(servicenet, make_case, *who, "13922223333")
    s = requests.Session()
    assert s.post(f"{servicenet.url}/web/login", data=form(*who, "13922223333", "send"), timeout=10).status_code == 200
    answers = [s.post(f"{servicenet.url}/web/login", data=form(*who, "13922223333", "sms", "000000"), timeout=10)
               for _ in range(6)]
    assert [a.status_code for a in answers] == [400] * 5 + [429]
    assert "分钟后再试" in answers[-1].text and int(answers[-1].headers["Retry-After"]) > 0
    other = requests.Session()  # another browser, even with the declared login: the ID number is locked
    locked = other.post(f"{servicenet.url}/web/login", data=form(*who, "", "declared"), timeout=10)
    assert locked.status_code == 429


def test_logout_everywhere(servicenet: SignedNet, make_case: MakeCase) -> None:
    who = ("孙悟", person_id("44010519650505002"))
    on_record(servicenet, make_case, *who, "13933334444")
    phone_session = sms_login(servicenet, *who, "13933334444")
    desk = requests.Session()
    assert desk.post(f"{servicenet.url}/web/login", data=form(*who, "", "declared"), allow_redirects=False,
                     timeout=10).status_code == 303
    assert desk.get(f"{servicenet.url}/web/cases", allow_redirects=False, timeout=10).status_code == 200
    phone_session.post(f"{servicenet.url}/web/logout", data={"everywhere": "1"}, timeout=10)
    for s in (phone_session, desk):
        r = s.get(f"{servicenet.url}/web/cases", allow_redirects=False, timeout=10)
        assert r.status_code == 303 and r.headers["location"].startswith("/web/login")
    again = requests.Session()  # a new login works (a new SMS code only after a minute: the declared one here)
    again.post(f"{servicenet.url}/web/login", data=form(*who, "", "declared"), timeout=10)
    assert again.get(f"{servicenet.url}/web/cases", allow_redirects=False, timeout=10).status_code == 200


def test_a_session_expires() -> None:
    box = CookieBox(b"k" * 32, "resident")
    cookie = session_cookie(box, Person("赵丽", person_id("44010519850505002")), "sms", 0)
    assert box.open(cookie) is not None
    import time

    assert box.open(cookie, now=time.time() + MAX_AGE + 1) is None


def test_uploads_refuse_a_session_logged_out_everywhere(servicenet: SignedNet) -> None:
    who = ("李梅", person_id("44010519950505002"))
    here, there = requests.Session(), requests.Session()
    for s in (here, there):
        s.post(f"{servicenet.url}/web/login", data=form(*who, "", "declared"), timeout=10)
    upload = {"Tus-Resumable": "1.0.0", "Upload-Length": "3"}
    assert there.post(f"{servicenet.url}/web/uploads/", headers=upload, timeout=10).status_code != 401
    here.post(f"{servicenet.url}/web/logout", data={"everywhere": "1"}, timeout=10)
    assert there.post(f"{servicenet.url}/web/uploads/", headers=upload, timeout=10).status_code == 401
