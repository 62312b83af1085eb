"""A phone given on the web is the resident's once proven by an SMS code (servicenet/sms/otp.py).

The apply form has a 获取验证码 button (a second submit: no scripts on these pages) and a code field; a phone
proven once stays proven for that resident (web_phones, by the keyed hash of the ID number), so the next
application with the same phone asks no code.
"""
from __future__ import annotations

import time
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from domain.models import default_delivery, delivery_key, delivery_methods
from domain.phone import mask
from servicenet.columns import phone_number, table, unix_time
from servicenet.results.delivery import METHODS
from servicenet.sms import otp
from servicenet.sms.outbox import BadPhone, canonical_phone

web_phones = table(
    "web_phones",
    sa.Column("person_hash", sa.String(64), primary_key=True),
    phone_number(primary_key=True),
    unix_time("verified_at"),
)


class PhoneRefused(ValueError):
    """The phone is not proven, or the delivery choice is incomplete: the message says what to do."""


def is_verified(engine: Engine, person: str, phone: str) -> bool:
    with engine.connect() as conn:
        return conn.execute(sa.select(web_phones.c.phone).where(web_phones.c.person_hash == person,
                                                                web_phones.c.phone == phone)).first() is not None


def send_code(engine: Engine, phone_text: str) -> str:
    """Queue a code to the phone; a message for the resident (sent, or wait N s). Raises PhoneRefused."""
    try:
        phone = otp.issue(engine, phone_text, "phone")
    except BadPhone:
        raise PhoneRefused("请先填写正确的11位手机号码，再获取验证码。") from None
    except otp.TooSoon as exc:
        raise PhoneRefused(f"验证码已发送，请{exc.wait}秒后再获取。") from None
    return code_sent(phone)


def code_sent(phone: str) -> str:
    """What the page says once a code is on its way (the phone masked, domain.phone.mask)."""
    return f"验证码已发送至 {mask(phone)}，5分钟内有效。"


def prove(engine: Engine, person: str, phone_text: str, code: str) -> str:
    """The canonical phone, proven for this person (now, or before); else PhoneRefused."""
    try:
        phone = canonical_phone(phone_text)
    except BadPhone:
        raise PhoneRefused("请填写正确的11位手机号码。") from None
    if is_verified(engine, person, phone):
        return phone
    if not code.strip():
        raise PhoneRefused("请点击“获取验证码”，并填写短信中的6位验证码。")
    try:
        otp.check(engine, phone, "phone", code)
    except otp.WrongCode:
        raise PhoneRefused("短信验证码不正确或已失效，请重新获取。") from None
    try:
        with engine.begin() as conn:
            conn.execute(sa.insert(web_phones).values(person_hash=person, phone=phone, verified_at=time.time()))
    except sa.exc.IntegrityError:
        pass  # proven in a parallel request
    return phone


def offered(item: dict[str, Any]) -> dict[str, str]:
    """The ways of collecting the item's result the form offers (its catalogue entry's), with their words."""
    return {m: METHODS[m] for m in delivery_methods(item.get("delivery_methods"))}


def delivery_of(data: dict[str, str], phone: str, item: dict[str, Any]) -> dict[str, str]:
    """The case's delivery part from the form (the item's default when none was picked); PhoneRefused when the
    item does not offer the method picked (a form kept from before the catalogue changed, a hand-made request)
    or post lacks an address."""
    methods = offered(item)
    # canonical as the catalogue's: a form made by hand may send ＰＯＳＴ or ' Post '
    method = delivery_key(data.get("delivery", "")) or default_delivery(methods)
    if method not in methods:
        raise PhoneRefused(f"该事项不提供“{METHODS.get(method, method[:20])}”领取结果，"
                           f"请选择：{'、'.join(methods.values())}。")
    address = data.get("delivery_address", "").strip()[:200]
    if method == "post" and len(address) < 6:
        raise PhoneRefused("选择邮寄时，请填写详细的收件地址。")
    return {"method": method, "phone": phone, "address": address if method == "post" else ""}
