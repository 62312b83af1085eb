"""The sandbox SMS gateway: the real adapter shape, whose "phones" are an inbox page that tests and the demo read.

It keeps what it delivered in servicenet's database (sms_sandbox_inbox), keyed by the sender's OutId, so a
resend after a lost answer is acknowledged with the first message id and not shown twice. Its controls
(served under /sandbox/sms/, routes.py) make the next sends fail as if the gateway were down, and let a
"phone" reply (回复TD 退订), which the gateway delivers to the network as an uplink message.
"""
from __future__ import annotations

import secrets
import threading
import time
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from servicenet.sms.provider import Message, SmsDown
from servicenet.sms.tables import sms_sandbox_inbox

NAME = "sandbox"


class SandboxSms:
    name = NAME

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._down = 0  # the gateway's own trouble (the far side), not the network's state
        self._lock = threading.Lock()

    def fail_next(self, times: int) -> None:
        """The next `times` sends answer as a gateway that is down."""
        with self._lock:
            self._down = max(0, times)

    def send(self, message: Message) -> str:
        with self._lock:
            if self._down:
                self._down -= 1
                raise SmsDown("sandbox gateway: service unavailable")
        row = dict(message_id="SMS" + secrets.token_hex(8).upper(), out_id=message.out_id, phone=message.phone,
                   sign=message.sign, template=message.template, text=message.text, received_at=time.time())
        try:
            with self.engine.begin() as conn:
                conn.execute(sa.insert(sms_sandbox_inbox).values(**row))
        except sa.exc.IntegrityError:  # the same OutId again: the first delivery stands
            with self.engine.connect() as conn:
                held = conn.execute(sa.select(sms_sandbox_inbox.c.message_id)
                                    .where(sms_sandbox_inbox.c.out_id == message.out_id)).first()
            if held is None:
                raise
            return str(held.message_id)
        return str(row["message_id"])

    def inbox(self, phone: str = "", limit: int = 200) -> list[dict[str, Any]]:
        """What the phones received, newest first (one phone's with `phone`)."""
        q = sa.select(sms_sandbox_inbox)
        if phone:
            q = q.where(sms_sandbox_inbox.c.phone == phone)
        with self.engine.connect() as conn:
            rows = conn.execute(q.order_by(sms_sandbox_inbox.c.received_at.desc()).limit(limit)).all()
        return [{"message_id": r.message_id, "phone": r.phone, "template": r.template, "text": r.text,
                 "received_at": float(r.received_at)} for r in rows]
