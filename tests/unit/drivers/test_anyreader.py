"""drivers.idcard.anyreader.AnyCardReader: whichever card comes first, broken readers do not block."""
from __future__ import annotations

import time

import pytest

from domain.models import Person
from drivers.base import CardReader, CardReadError, Condition, DeviceStatus, DeviceUnavailable, Health, NoCard
from drivers.idcard.anyreader import AnyCardReader
from drivers.idcard.messages import PUT_ANY_CARD

PERSON = Person("张秀英", "440117195603080423")


class Reader:
    def __init__(self, outcome: object = None, st: DeviceStatus | None = None) -> None:
        self.outcome = outcome
        self.st = st or DeviceStatus.ok()
        self.calls: list[float] = []
        self.closed = False

    def read_person(self, timeout: float = 5.0) -> Person:
        self.calls.append(timeout)
        if isinstance(self.outcome, Exception):
            if isinstance(self.outcome, NoCard):
                time.sleep(timeout)
            raise self.outcome
        if self.outcome is None:
            time.sleep(timeout)
            raise NoCard("Please put your ID card on the reader.")
        assert isinstance(self.outcome, Person)
        return self.outcome

    def status(self) -> DeviceStatus:
        return self.st

    def close(self) -> None:
        self.closed = True


def test_the_second_reader_has_the_card() -> None:
    sam, ss = Reader(), Reader(PERSON)
    reader = AnyCardReader([sam, ss], slice_seconds=0.05)
    assert isinstance(reader, CardReader)
    assert reader.read_person(timeout=1) == PERSON
    assert sam.calls == [0.05]


def test_no_card_anywhere() -> None:
    reader = AnyCardReader([Reader(), Reader()], slice_seconds=0.05)
    started = time.monotonic()
    with pytest.raises(NoCard) as err:
        reader.read_person(timeout=0.2)
    assert err.value.message == PUT_ANY_CARD
    assert 0.2 <= time.monotonic() - started < 0.6


def test_one_reader_keeps_its_own_message() -> None:
    with pytest.raises(NoCard) as err:
        AnyCardReader([Reader()], slice_seconds=0.05).read_person(timeout=0.1)
    assert err.value.message == "Please put your ID card on the reader."


def test_a_broken_reader_does_not_stop_the_other() -> None:
    broken = Reader(DeviceUnavailable("The social security card reader is not connected."))
    working = Reader(PERSON)
    assert AnyCardReader([broken, working], slice_seconds=0.05).read_person(timeout=1) == PERSON
    with pytest.raises(NoCard):
        AnyCardReader([broken, Reader()], slice_seconds=0.05).read_person(timeout=0.15)


def test_all_broken_is_unavailable() -> None:
    first = DeviceUnavailable("The ID card reader is not connected.")
    reader = AnyCardReader([Reader(first), Reader(DeviceUnavailable("x"))], slice_seconds=0.05)
    with pytest.raises(DeviceUnavailable) as err:
        reader.read_person(timeout=1)
    assert err.value is first


def test_an_unreadable_card_is_reported_at_once() -> None:
    damaged = CardReadError("The card could not be read. Please take the card out and put it in again.")
    with pytest.raises(CardReadError):
        AnyCardReader([Reader(damaged), Reader(PERSON)]).read_person(timeout=1)


def test_status_and_close() -> None:
    bad = DeviceStatus.error("The social security card reader is not connected.", Condition.NOT_CONNECTED)
    a, b = Reader(), Reader(st=bad)
    assert AnyCardReader([a, b]).status() == DeviceStatus(Health.WARNING, bad.reason, bad.conditions)
    assert AnyCardReader([a, a]).status().health is Health.OK
    assert AnyCardReader([b, b]).status() == bad
    AnyCardReader([a, b]).close()
    assert a.closed and b.closed
    with pytest.raises(ValueError):
        AnyCardReader([])
