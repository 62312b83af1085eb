"""At-least-once SMS through an outbox table: enqueue inside the caller's transaction, send from any node.

- `enqueue(conn, event_key, phone, template, params)` writes one row in the caller's transaction, so the
  message exists exactly when the event (a status move, a 补正 request) does. The event key is unique: the
  same event enqueued again is ignored, so it cannot become a second message.
- `Sender.drain()` claims due rows with a lease in the database (any node, any number of them), hands each to
  the provider with its row id as OutId, and marks it sent. A node that dies mid-send leaves a lease that
  lapses; the row is sent again and the provider's OutId keeps it one message on the phone.
- Rate limit per phone, counted from the rows already sent (not from memory): past `per_minute` or
  `per_hour` the row waits until the window frees; it is postponed, never dropped.
- Opt-out: a notice to a phone in sms_optouts is dropped at send time (verification codes still go).
"""
from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from domain import phone as phone_numbers
from servicenet import leased
from servicenet.sms import templates
from servicenet.sms.provider import Message, SmsDown, SmsProvider, SmsRefused
from servicenet.sms.tables import sms_optouts, sms_outbox

LEASE_SECONDS = 30.0
MAX_ATTEMPTS = 12  # with the backoff below: about an hour of trying before a row is given up
Clock = Callable[[], float]


class BadPhone(ValueError):
    """Not a mainland mobile number (domain/phone.py)."""


def canonical_phone(text: str) -> str:
    """domain.phone's canonical mobile number, or BadPhone with words for the resident."""
    try:
        return phone_numbers.validate(text)
    except phone_numbers.InvalidPhone:
        raise BadPhone("手机号码应为11位数字，以1开头 / a phone number is 11 digits starting with 1") from None


def enqueue(conn: Connection, event_key: str, phone: str, template: str, params: dict[str, Any],
            now: float | None = None) -> bool:
    """Queue one message in the caller's transaction; False when this event was queued before (or the phone
    is not a mobile number: a notice is never worth failing the business step for)."""
    try:
        phone = canonical_phone(phone)
    except BadPhone:
        return False
    clean = {k: str(v) for k, v in params.items()}
    at = time.time() if now is None else now
    return leased.insert_ignore(conn, sms_outbox, dict(
        event_key=event_key[:120], phone=phone, template=template,
        params=json.dumps(clean, ensure_ascii=False, sort_keys=True), text=templates.render(template, clean),
        state="queued", attempts=0, next_at=at, created_at=at))


def opt_out(engine: Engine, phone: str, how: str = "reply", now: float | None = None) -> None:
    phone = canonical_phone(phone)
    with engine.begin() as conn:
        if conn.execute(sa.select(sms_optouts.c.phone).where(sms_optouts.c.phone == phone)).first() is None:
            conn.execute(sa.insert(sms_optouts).values(phone=phone, at=time.time() if now is None else now, how=how))


def opt_in(engine: Engine, phone: str) -> None:
    phone = canonical_phone(phone)
    with engine.begin() as conn:
        conn.execute(sa.delete(sms_optouts).where(sms_optouts.c.phone == phone))


def opted_out(conn: Connection, phone: str) -> bool:
    return conn.execute(sa.select(sms_optouts.c.phone).where(sms_optouts.c.phone == phone)).first() is not None


@dataclass(frozen=True)
class Limits:
    per_minute: int = 5
    per_hour: int = 20


class Sender:
    """Drains the outbox through one provider; safe to run on every node at once."""

    def __init__(self, engine: Engine, provider: SmsProvider, *, limits: Limits = Limits(),
                 clock: Clock = time.time, owner: str | None = None) -> None:
        self.engine = engine
        self.provider = provider
        self.limits = limits
        self.clock = clock
        self.owner = owner or "n" + secrets.token_hex(6)

    def _claim(self, limit: int) -> list[Any]:
        return leased.claim(self.engine, sms_outbox, self.owner, self.clock(), LEASE_SECONDS, limit)

    def _wait_for_window(self, conn: Connection, phone: str, now: float) -> float | None:
        """When the phone may next receive a message, if its rate limit is reached now."""
        for window, most in ((60.0, self.limits.per_minute), (3600.0, self.limits.per_hour)):
            sent = [r.sent_at for r in conn.execute(
                sa.select(sms_outbox.c.sent_at).where(sms_outbox.c.phone == phone, sms_outbox.c.state == "sent",
                                                      sms_outbox.c.sent_at > now - window)
                .order_by(sms_outbox.c.sent_at.desc()).limit(most))]
            if most > 0 and len(sent) >= most:
                return float(sent[-1]) + window
        return None

    def _finish(self, row_id: int, **values: Any) -> None:
        leased.finish(self.engine, sms_outbox, row_id, self.owner, **values)

    def _send_one(self, row: Any) -> bool:
        now = self.clock()
        notice = templates.TEMPLATES[row.template].notice
        with self.engine.connect() as conn:
            if notice and opted_out(conn, row.phone):
                self._finish(row.id, state="dropped", last_error="已退订 / opted out")
                return False
            later = self._wait_for_window(conn, row.phone, now)
        if later is not None:
            self._finish(row.id, next_at=later, last_error="频率限制 / rate limited")
            return False
        msg = Message(out_id=str(row.id), phone=row.phone, sign=templates.SIGN, template=row.template,
                      params=json.loads(row.params), text=row.text)
        try:
            message_id = self.provider.send(msg)
        except SmsRefused as exc:
            self._finish(row.id, state="dropped", attempts=row.attempts + 1, last_error=str(exc)[:300])
            return False
        except SmsDown as exc:
            attempts = row.attempts + 1
            gone = attempts >= MAX_ATTEMPTS
            self._finish(row.id, state="dropped" if gone else "queued", attempts=attempts,
                         next_at=now + leased.backoff(attempts), last_error=str(exc)[:300])
            return False
        self._finish(row.id, state="sent", attempts=row.attempts + 1, sent_at=self.clock(),
                     provider=self.provider.name, message_id=message_id[:64], last_error="")
        return True

    def drain(self, limit: int = 50) -> int:
        """Send what is due now; the number of messages handed over."""
        return sum(self._send_one(row) for row in self._claim(limit))


def pending(engine: Engine, phone: str | None = None) -> list[dict[str, Any]]:
    """Rows not sent yet (state queued), oldest first: for the staff and the tests."""
    q = sa.select(sms_outbox).where(sms_outbox.c.state == "queued")
    if phone:
        q = q.where(sms_outbox.c.phone == phone)
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(q.order_by(sms_outbox.c.id))]
