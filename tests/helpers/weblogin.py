"""Sign a resident in on the web channel the way a resident does: with an SMS code sent to a phone on record.

A phone is on record when the person gave it on a kiosk case whose applicant an ID card identified; the helpers
put one there first (a signed kiosk case, so the servicenet must be `tests.helpers.enroll.signed`), then ask
for the code, read it from the sandbox SMS inbox and type it in. Every sign-in gets a phone of its own (a code
for the same phone is refused for a minute), so each adds one kiosk case of 居民身份证换领 to the person's cases.

    s = sign_in(url, "王小明", "440105198001010019")           # requests.Session, signed in
    sign_in_page(page, url, "王小明", "440105198001010019", next="/web/apply/...")   # Chromium (Playwright)
"""
from __future__ import annotations

import itertools
import os
import re
from datetime import date
from typing import Any

import requests

from domain import regcode
from servicenet.sms.outbox import canonical_phone
from tests.helpers import sms
from tests.helpers.enroll import http

SFZ = "11440105007512345X4440117001000"  # 居民身份证换领: the kiosk case that puts a phone on record
ON_RECORD_DAY = date(2026, 10, 9)  # the date in the codes of those cases (no test's own cases use it)
_seq = itertools.count(1)


def fresh_phone() -> str:
    """A mobile number no other sign-in of this test process used."""
    return f"139{os.getpid() % 10_000:04d}{next(_seq) % 10_000:04d}"


def put_on_record(url: str, name: str, id_number: str, phone: str) -> str:
    """A kiosk case of this person (ID card read) with this phone on its form, as a kiosk sends it; its code."""
    code = regcode.make("440105", 1, ON_RECORD_DAY, next(_seq))
    case = {"code": code, "service_code": SFZ, "channel": "kiosk", "device_id": "K-440105-001",
            "submitted_at": f"{ON_RECORD_DAY.isoformat()}T10:05:00+08:00",
            "applicant": {"name": name, "id_number": id_number, "source": "id_card"},
            "form": {"name": name, "id_number": id_number, "phone": phone, "reason": "到期换领"}}
    r = http.post(f"{url}/v1/cases/batch", json={"cases": [case]}, timeout=10)
    assert r.status_code == 200, f"{r.status_code} {r.text[:300]} (is the servicenet signed? tests.helpers.enroll)"
    assert r.json()["results"][0]["result"] == "created", r.text
    return code


def _form(name: str, id_number: str, phone: str, action: str, code: str = "", next: str = "/web") -> dict[str, str]:  # noqa: A002 - the form field is next
    return {"name": name, "id_number": id_number, "phone": phone, "action": action, "code": code, "next": next}


def enter_code(s: requests.Session, url: str, name: str, id_number: str, phone: str, next: str = "/web/cases",  # noqa: A002 - the form field is next
               ) -> requests.Response:
    """Ask for a code to `phone` on the login page, read it from the sandbox inbox and log in with it: the
    answer to the last step (not followed). `phone` may be spelled any way a resident types it."""
    held = canonical_phone(phone)  # the sandbox inbox is kept by the canonical number
    before = len(sms.inbox(url, held, 0, timeout=0))
    sent = s.post(f"{url}/web/login", data=_form(name, id_number, phone, "send", next=next), timeout=10)
    assert sent.status_code == 200 and "验证码已发送" in sent.text, re.findall(r'role="alert">([^<]+)', sent.text)
    code = sms.code_sent(url, held, before)
    return s.post(f"{url}/web/login", data=_form(name, id_number, phone, "sms", code, next), allow_redirects=False,
                  timeout=10)


def sign_in(url: str, name: str, id_number: str, *, typed: str | None = None, next: str = "/web/cases",  # noqa: A002 - the form field is next
            session: requests.Session | None = None, phone: str | None = None) -> requests.Session:
    """A session signed in by SMS code (`typed`: the ID number as the resident types it on the login page;
    `phone`: a phone already on record instead of a fresh one)."""
    s = session or requests.Session()
    if phone is None:
        phone = fresh_phone()
        put_on_record(url, name, id_number, phone)
    r = enter_code(s, url, name, typed or id_number, phone, next)
    assert r.status_code == 303, re.findall(r'role="alert">([^<]+)', r.text)
    return s


def sign_in_page(page: Any, url: str, name: str, id_number: str, next: str = "/web/cases",  # noqa: A002 - the query parameter is ?next=
                 goto: bool = True, kiosk_url: str | None = None) -> str:
    """Sign in on the login page in the browser (Playwright page; goto=False: it shows the login page already;
    kiosk_url: where the kiosk sends its case, when the browser reaches the network another way); returns the
    code of the kiosk case that put the phone on record."""
    phone = fresh_phone()
    on_record = put_on_record(kiosk_url or url, name, id_number, phone)
    if goto:
        page.goto(f"{url}/web/login?next={next}")
    page.fill("#name", name)
    page.fill("#id_number", id_number)
    page.fill("#phone", phone)
    before = len(sms.inbox(url, phone, 0, timeout=0))
    page.click("#send-code")
    page.wait_for_selector("#sms-sent")
    page.fill("#code", sms.code_sent(url, phone, before))
    page.press("#code", "Enter")  # as a phone's keyboard "go" does: the form's default button logs in
    page.wait_for_url(f"**{next.split('?')[0]}*")
    return on_record
