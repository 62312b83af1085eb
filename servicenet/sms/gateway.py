"""The network's SMS side in one object: the provider chosen by $SERVICENET_SMS, its outbox sender, and a
background dispatcher that drains the outbox every POLL seconds (and at once when kicked).

The dispatcher is only a trigger: what to send, what was sent and when are rows in the database, so every
node runs one and they share the work through the outbox's leases (servicenet/sms/outbox.py).
"""
from __future__ import annotations

import logging
import os
import threading

from sqlalchemy.engine import Engine

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
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def kick(self) -> None:
        """Something was queued: drain now rather than at the next poll."""
        self._wake.set()

    def reply(self, phone: str, text: str) -> str:
        """An uplink message from a phone (the gateway delivers replies): TD / 退订 opts out of notices."""
        word = text.strip().upper()
        if word in OPT_OUT_WORDS:
            outbox.opt_out(self.engine, phone, "reply")
            return "opted_out"
        return "ignored"

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.poll)
            self._wake.clear()
            if self._stop.is_set():
                break
            try:
                while self.sender.drain() and not self._stop.is_set():
                    pass
            except Exception:  # the database or the provider failed: the rows stay queued; try at the next poll
                log.exception("sms: drain failed")

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="sms-dispatcher", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None
