"""servicenet.sms.outbox through the sandbox gateway, on an in-memory database: one message per event,
at-least-once across an outage and a dead sender, rate-limited per phone, opt-out."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from servicenet import db
from servicenet.sms import outbox, templates
from servicenet.sms.gateway import SmsGateway
from servicenet.sms.provider import Message, SmsDown
from servicenet.sms.sandbox import SandboxSms
from servicenet.sms.tables import sms_outbox
from tests.helpers.clock import ManualClock

PHONE = "13800138000"


@pytest.fixture
def engine(memory_db: Engine) -> Engine:
    return memory_db


def queue(engine: Engine, key: str, phone: str = PHONE, template: str = "accepted", now: float = 1_000_000.0,
          **params: str) -> bool:
    with engine.begin() as conn:
        return outbox.enqueue(conn, key, phone, template,
                              {"service": "居民身份证换领", "code": "44010500126112600017", "days": "20"} | params,
                              now=now)


def test_canonical_phone() -> None:
    assert outbox.canonical_phone("+86 138-0013-8000") == PHONE
    assert outbox.canonical_phone("１３８００１３８０００") == PHONE  # full-width digits (NFKC)
    for bad in ("23800138000", "1380013800", "138001380001", "一三八"):
        with pytest.raises(outbox.BadPhone, match="11位"):
            outbox.canonical_phone(bad)


def test_template_is_chinese_with_sign_and_opt_out_hint() -> None:
    text = templates.render("supplement", {"service": "生育登记", "code": "1", "missing": "户口簿、照片"})
    assert text.startswith("【政务服务网】") and "户口簿、照片" in text and text.endswith("回复TD退订")
    assert not templates.render("verify_code", {"otp": "123456", "minutes": "5", "purpose": "验证手机号码"}
                                ).endswith("回复TD退订")


def test_same_event_is_one_message(engine: Engine) -> None:
    assert queue(engine, "c1:accepted") is True
    assert queue(engine, "c1:accepted") is False
    box = SandboxSms(engine)
    assert outbox.Sender(engine, box).drain() == 1
    assert outbox.Sender(engine, box).drain() == 0
    [msg] = box.inbox(PHONE)
    assert "居民身份证换领" in msg["text"] and "已受理" in msg["text"]


def test_outage_keeps_the_message_and_sends_it_later(engine: Engine) -> None:
    clock = ManualClock()
    box = SandboxSms(engine)
    box.fail_next(2)
    sender = outbox.Sender(engine, box, clock=clock)
    queue(engine, "c2:accepted", now=clock.t)
    assert sender.drain() == 0
    assert sender.drain() == 0  # backing off: not due yet
    clock.t += 2.5
    assert sender.drain() == 0  # second failure
    clock.t += 5
    assert sender.drain() == 1
    assert len(box.inbox(PHONE)) == 1


def test_a_dead_senders_row_is_sent_once(engine: Engine) -> None:
    """A node claims a row, hands it over, and dies before marking it sent: the lease lapses, another node
    sends it again, and the gateway's OutId keeps it one message on the phone."""
    clock = ManualClock()
    box = SandboxSms(engine)
    queue(engine, "c3:accepted", now=clock.t)

    class DiesAfterSending(SandboxSms):
        def send(self, message: Message) -> str:
            box.send(message)
            raise SystemExit  # the process is gone before it records the answer

    dying = outbox.Sender(engine, DiesAfterSending(engine), clock=clock)
    with pytest.raises(SystemExit):
        dying.drain()
    assert outbox.Sender(engine, box, clock=clock).drain() == 0  # still leased
    clock.t += outbox.LEASE_SECONDS + 1
    assert outbox.Sender(engine, box, clock=clock).drain() == 1
    assert len(box.inbox(PHONE)) == 1
    with engine.connect() as conn:
        assert conn.execute(sa.select(sms_outbox.c.state)).scalar() == "sent"


def test_rate_limit_per_phone_postpones(engine: Engine) -> None:
    clock = ManualClock()
    box = SandboxSms(engine)
    sender = outbox.Sender(engine, box, clock=clock, limits=outbox.Limits(per_minute=2, per_hour=3))
    for i in range(4):
        queue(engine, f"r{i}:accepted", now=clock.t)
    queue(engine, "other:accepted", phone="13900139000", now=clock.t)
    assert sender.drain() == 3  # two to PHONE, one to the other phone
    assert [r["event_key"] for r in outbox.pending(engine, PHONE)] == ["r2:accepted", "r3:accepted"]
    clock.t += 61
    assert sender.drain() == 1  # the hour allows three
    clock.t += 3600
    assert sender.drain() == 1
    assert len(box.inbox(PHONE)) == 4


def test_opt_out_drops_notices_but_not_codes(engine: Engine) -> None:
    gw = SmsGateway(engine, SandboxSms(engine), poll=60)
    assert gw.reply(PHONE, " td ") == "opted_out"
    queue(engine, "c4:accepted")
    queue(engine, "otp:1", template="verify_code", otp="123456", minutes="5", purpose="验证手机号码")
    assert gw.sender.drain() == 1
    assert [m["template"] for m in gw.provider.inbox(PHONE)] == ["verify_code"]
    outbox.opt_in(engine, PHONE)
    queue(engine, "c5:accepted")
    assert gw.sender.drain() == 1


def test_the_dispatcher_drains_in_the_background(engine: Engine) -> None:
    box = SandboxSms(engine)
    gw = SmsGateway(engine, box, poll=0.05)
    gw.start()
    try:
        queue(engine, "c6:accepted")
        gw.kick()
        for _ in range(200):
            if box.inbox(PHONE):
                break
            import time

            time.sleep(0.02)
        assert len(box.inbox(PHONE)) == 1
    finally:
        gw.stop()


def test_provider_interface() -> None:
    from servicenet.sms.provider import SmsProvider, make_provider

    e = db.make_engine("sqlite://")
    assert isinstance(make_provider("sandbox", e), SmsProvider)
    with pytest.raises(ValueError, match="unknown SMS provider"):
        make_provider("nope", e)
    assert SmsDown.__mro__[1] is Exception
