"""Hypothesis drives the outbox through random enqueue / claim / answer / crash / staff steps and checks, after
every step, that each row is where the model says, that its bytes never change, and that accepted is final."""
from __future__ import annotations

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, invariant, precondition, rule

from domain.status import IllegalTransition, SyncState
from sync.outbox import CaseFrozen
from tests.unit.sync.conftest import KioskMachine


class OutboxMachine(KioskMachine):
    codes = Bundle("codes")

    def __init__(self) -> None:
        super().__init__()
        self.model: dict[str, SyncState] = {}
        self.bytes: dict[str, bytes] = {}
        self.sending: dict[str, object] = {}

    def _payloads(self) -> dict[str, tuple[str, bytes]]:
        with self.store.read() as c:
            rows = c.execute("SELECT ref, state, payload FROM outbox")
            return {r["ref"]: (r["state"], bytes(r["payload"])) for r in rows}

    @rule(target=codes)
    def enqueue(self) -> str:
        code = self.outbox.enqueue(self.app).code
        self.model[code] = SyncState.QUEUED
        self.bytes[code] = self._payloads()[code][1]
        return code

    @rule(limit=st.integers(1, 4))
    def claim(self, limit: int) -> None:
        for row in self.outbox.claim(now=1e12, limit=limit):
            assert self.model[row.ref] is SyncState.QUEUED
            self.model[row.ref] = SyncState.SENDING
            self.sending[row.ref] = row

    @precondition(lambda self: self.sending)
    @rule(answer=st.sampled_from(["accepted", "quarantined", "retry"]), data=st.data())
    def answer(self, answer: str, data: st.DataObject) -> None:
        code = data.draw(st.sampled_from(sorted(self.sending)))
        row = self.sending.pop(code)
        if answer == "accepted":
            self.outbox.accepted(row, "submitted", 1.0)
            self.model[code] = SyncState.ACCEPTED
        elif answer == "quarantined":
            self.outbox.quarantine(row, "conflict: other bytes")
            self.model[code] = SyncState.QUARANTINED
        else:
            self.outbox.retry(row, 0.0, "HTTP 503")
            self.model[code] = SyncState.QUEUED

    @rule()
    def crash_and_recover(self) -> None:
        self.outbox.recover()
        for code in self.sending:
            self.model[code] = SyncState.QUEUED
        self.sending.clear()

    @rule(code=codes)
    def staff_requeue(self, code: str) -> None:
        if self.model[code] is SyncState.QUARANTINED:
            self.outbox.requeue(code)
            self.model[code] = SyncState.QUEUED
        else:
            with pytest.raises(IllegalTransition):  # nothing quarantined to re-queue
                self.outbox.requeue(code)

    @rule(code=codes)
    def try_to_edit(self, code: str) -> None:
        with pytest.raises(CaseFrozen):
            self.outbox.amend(code, {"phone": "2"})

    @invariant()
    def rows_follow_the_model_and_keep_their_bytes(self) -> None:
        rows = self._payloads()
        assert {code: SyncState(state) for code, (state, _) in rows.items()} == self.model
        assert {code: data for code, (_, data) in rows.items()} == self.bytes


TestOutboxMachine = OutboxMachine.TestCase
TestOutboxMachine.settings = settings(max_examples=40, stateful_step_count=25, deadline=None)
