"""servicenet.sms.otp: a code by SMS proves the phone; once, in time, a few guesses."""
from __future__ import annotations

import re

import pytest
from sqlalchemy.engine import Engine

from servicenet.sms import otp, outbox
from servicenet.sms.sandbox import SandboxSms

PHONE = "13800138000"


@pytest.fixture
def engine(memory_db: Engine) -> Engine:
    return memory_db


def received(engine: Engine) -> str:
    box = SandboxSms(engine)
    outbox.Sender(engine, box).drain()
    m = re.search(r"验证码(\d{6})", box.inbox(PHONE)[0]["text"])
    assert m
    return m.group(1)


def test_code_proves_the_phone_once(engine: Engine) -> None:
    assert otp.issue(engine, "138 0013 8000", "phone", now=100.0) == PHONE
    code = received(engine)
    with pytest.raises(otp.WrongCode, match="不正确"):
        otp.check(engine, PHONE, "phone", "000000" if code != "000000" else "111111", now=110.0)
    assert otp.check(engine, PHONE, "phone", code, now=120.0) == PHONE
    with pytest.raises(otp.WrongCode, match="失效"):
        otp.check(engine, PHONE, "phone", code, now=121.0)


def test_resend_is_refused_for_a_minute(engine: Engine) -> None:
    otp.issue(engine, PHONE, "phone", now=100.0)
    with pytest.raises(otp.TooSoon) as exc:
        otp.issue(engine, PHONE, "phone", now=130.0)
    assert exc.value.wait == 31 and "秒后" in str(exc.value)
    otp.issue(engine, PHONE, "phone", now=161.0)


def test_expiry_and_guess_limit(engine: Engine) -> None:
    otp.issue(engine, PHONE, "phone", now=100.0)
    code = received(engine)
    with pytest.raises(otp.WrongCode, match="失效"):
        otp.check(engine, PHONE, "phone", code, now=100.0 + otp.TTL_SECONDS + 1)
    otp.issue(engine, PHONE, "login", now=1000.0)
    for _ in range(otp.MAX_TRIES):
        with pytest.raises(otp.WrongCode):
            otp.check(engine, PHONE, "login", "x", now=1001.0)
    with pytest.raises(otp.WrongCode, match="失效"):  # too many wrong guesses: the code is dead
        otp.check(engine, PHONE, "login", "x", now=1002.0)
