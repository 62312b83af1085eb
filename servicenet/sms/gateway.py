"""The network's SMS side in one object: the provider chosen by $SERVICENET_SMS, its outbox sender, and a
background dispatcher that drains the outbox every POLL seconds (and at once when kicked).

The dispatcher is only a trigger: what to send, what was sent and when are rows in the database, so every
node runs one and they share the work through the outbox's leases (servicenet/sms/outbox.py).
"""
from __future__ import annotations

import logging
import os

from sqlalchemy.engine import Engine

from servicenet import leased
from servicenet.sms import outbox
from servicenet.sms.provider import SmsProvider, make_provider

log = logging.getLogger(__name__)
DEFAULT_POLL = 1.0
OPT_OUT_WORDS = ("TD", "T", "退订", "N")


class SmsGateway:
    def __init__(self, engine: Engine, provider: str | SmsProvider | None = None, *,
                 limits: outbox.Limits | None = None, poll: float | None = None) -> None:
        self.engine = engine
        name = provider or os.environ.get("SERVICENET_SMS", "sandbox")
        self.provider = make_provider(name, engine) if isinstance(name, str) else name
        per_minute = int(os.environ.get("SERVICENET_SMS_PER_MINUTE", outbox.Limits.per_minute))
        per_hour = int(os.environ.get("SERVICENET_SMS_PER_HOUR", outbox.Limits.per_hour))
        self.sender = outbox.Sender(engine, self.provider, limits=limits or outbox.Limits(per_minute, per_hour))
        self.poll = poll if poll is not None else float(os.environ.get("SERVICENET_SMS_POLL", DEFAULT_POLL))
        self._poller = leased.Poller("sms-dispatcher", self.sender.drain, self.poll)

    def kick(self) -> None:
        """Something was queued: drain now rather than at the next poll."""
        self._poller.kick()

    def reply(self, phone: str, text: str) -> str:
        """An uplink message from a phone (the gateway delivers replies): TD / 退订 opts out of notices."""
        word = text.strip().upper()
        if word in OPT_OUT_WORDS:
            outbox.opt_out(self.engine, phone, "reply")
            return "opted_out"
        return "ignored"

    def start(self) -> None:
        self._poller.start()

    def stop(self) -> None:
        self._poller.stop()
