"""AnyCardReader: one CardReader over several (the ID card reader and the social security card slot).

The resident offers whichever card they carry; the first one read wins. The readers are asked in turn
for a short slice each, so a reader that is missing or broken does not stop the others: it is only an
error when no reader can work at all.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence

from domain.models import Person
from drivers.base import CardReader, DeviceStatus, DeviceUnavailable, Health, NoCard
from drivers.idcard.messages import PUT_ANY_CARD

log = logging.getLogger(__name__)


class AnyCardReader:
    def __init__(self, readers: Sequence[CardReader], *, slice_seconds: float = 0.3,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if not readers:
            raise ValueError("give at least one reader")
        self.readers = list(readers)
        self._slice = slice_seconds
        self._clock = clock

    def read_person(self, timeout: float = 5.0) -> Person:
        deadline = self._clock() + timeout
        while True:
            unavailable: list[DeviceUnavailable] = []
            no_card: NoCard | None = None
            for reader in self.readers:
                remaining = deadline - self._clock()
                try:
                    return reader.read_person(timeout=max(0.0, min(self._slice, remaining)))
                except NoCard as exc:
                    no_card = exc
                except DeviceUnavailable as exc:
                    unavailable.append(exc)
            if len(unavailable) == len(self.readers):
                raise unavailable[0]
            if deadline - self._clock() <= 0:
                if len(self.readers) == 1 and no_card is not None:
                    raise no_card
                raise NoCard(PUT_ANY_CARD)
            if unavailable:  # the working readers returned at once: do not spin
                time.sleep(min(self._slice, max(0.0, deadline - self._clock())))

    def status(self) -> DeviceStatus:
        """OK if every reader is; WARNING (with the broken one's reason) if at least one works."""
        statuses = [r.status() for r in self.readers]
        bad = [s for s in statuses if s.health is not Health.OK]
        if not bad:
            return DeviceStatus.ok()
        if len(bad) < len(statuses):
            return DeviceStatus(Health.WARNING, bad[0].reason, bad[0].conditions)
        return bad[0]

    def close(self) -> None:
        for reader in self.readers:
            try:
                reader.close()
            except Exception:
                log.exception("closing %r failed", reader)
