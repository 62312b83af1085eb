"""drivers/base.py: a device's status from its conditions (the worst one's words and health, all of them kept)."""
from __future__ import annotations

import pytest

from drivers.base import Condition, DeviceStatus, DeviceUnavailable, Health, PrinterError
from drivers.printer.cups_a4 import A4State
from drivers.printer.messages import A4_FAULT, A4_PAPER_LOW

WORDS = {c: f"words for {c.value}" for c in Condition}


def test_no_condition_is_ok() -> None:
    assert DeviceStatus.of([], WORDS) == DeviceStatus.ok()


@pytest.mark.parametrize(("conditions", "worst"), [
    ({Condition.PAPER_LOW, Condition.TONER_LOW}, Condition.PAPER_LOW),
    ({Condition.OFFLINE, Condition.COVER_OPEN, Condition.PAPER_LOW}, Condition.COVER_OPEN),
    ({Condition.FAULT, Condition.PAPER_OUT}, Condition.PAPER_OUT),
    ({Condition.NOT_CONNECTED, Condition.PAPER_OUT}, Condition.NOT_CONNECTED),
])
def test_the_worst_condition_speaks_and_every_one_is_kept(conditions: set[Condition], worst: Condition) -> None:
    status = DeviceStatus.of(conditions, WORDS)
    assert (status.health, status.reason, status.conditions) == (worst.health, WORDS[worst], conditions)


def test_low_supplies_warn_and_the_rest_are_errors() -> None:
    assert {c for c in Condition if c.health is Health.WARNING} == {Condition.PAPER_LOW, Condition.TONER_LOW}


def test_a_failed_query_says_not_connected_or_fault() -> None:
    assert DeviceStatus.failed(DeviceUnavailable("gone")).conditions == {Condition.NOT_CONNECTED}
    assert DeviceStatus.failed(PrinterError("jam")) == DeviceStatus.error("jam", Condition.FAULT)


def test_the_a4_printer_reports_every_reason_it_is_given() -> None:
    jammed = A4State(True, "stopped", False, ("media-jam-error", "media-low")).device_status()
    assert jammed.reason == A4_FAULT and jammed.conditions == {Condition.FAULT, Condition.OFFLINE, Condition.PAPER_LOW}
    low = A4State(True, "idle", True, ("media-low",)).device_status()
    assert (low.health, low.reason, low.conditions) == (Health.WARNING, A4_PAPER_LOW, {Condition.PAPER_LOW})
