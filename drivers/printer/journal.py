"""The print journal: every receipt job and how it ended, so a failed one is marked and can be reprinted.

The case itself lives in the kiosk's store (sync); this journal only remembers the last few jobs of this
printer for the staff screen and `reprint(code)`: which receipts did not come out, and why.
"""
from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

from domain.models import Receipt


class JobState(str, Enum):
    PRINTED = "printed"
    FAILED = "failed"  # the job was sent (in part) and did not finish: a partial receipt may be out
    REFUSED = "refused"  # the printer was not ready (paper out, cover open ...): nothing was sent


@dataclass(frozen=True)
class PrintJob:
    number: int
    code: str
    state: JobState
    at: datetime
    reason: str = ""  # untranslated message (drivers context), empty when printed
    detail: str = ""  # technical, for the log / staff screen
    reprint: bool = False
    receipt: Receipt | None = field(default=None, repr=False, compare=False)

    @property
    def needs_reprint(self) -> bool:
        return self.state is not JobState.PRINTED


class PrintJournal:
    def __init__(self, size: int = 50) -> None:
        self._jobs: deque[PrintJob] = deque(maxlen=size)
        self._lock = threading.Lock()
        self._number = 0

    def record(self, receipt: Receipt, state: JobState, at: datetime, reason: str = "",
               detail: str = "") -> PrintJob:
        with self._lock:
            self._number += 1
            job = PrintJob(self._number, receipt.code, state, at, reason, detail, receipt.reprint, receipt)
            self._jobs.append(job)
            return job

    def jobs(self) -> list[PrintJob]:
        """Oldest first."""
        with self._lock:
            return list(self._jobs)

    def last(self, code: str) -> PrintJob | None:
        with self._lock:
            return next((j for j in reversed(self._jobs) if j.code == code), None)

    def unprinted(self) -> list[PrintJob]:
        """The last job of each receipt whose last attempt did not print (oldest first)."""
        with self._lock:
            latest: dict[str, PrintJob] = {}
            for job in self._jobs:
                latest[job.code] = job
        return [j for j in latest.values() if j.needs_reprint]
