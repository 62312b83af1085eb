"""drivers.idcard.pcscmon.CardWatcher with an injected poll (the pyscard monitor is exercised against the
real pcscd in tests/integration/test_sscard_pcsc.py)."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from drivers.idcard import pcsc
from drivers.idcard.pcscmon import CardEvent, CardWatcher, _Observer, retire_pyscard_monitor

R0, R1 = "Virtual PCD 00 00", "Virtual PCD 00 01"


class Poll:
    def __init__(self) -> None:
        self.readers = [R0, R1]
        self.cards: dict[str, bytes] = {}
        self.down = False
        self.calls = 0

    def __call__(self) -> tuple[list[str], dict[str, bytes]]:
        self.calls += 1
        if self.down:
            raise pcsc.PcscError("SCardEstablishContext", pcsc.sc.SCARD_E_NO_SERVICE)
        return list(self.readers), dict(self.cards)


def watcher(poll: Poll) -> tuple[CardWatcher, list[CardEvent]]:
    w = CardWatcher(watchdog_interval=None, poll=poll, use_monitor=False)
    events: list[CardEvent] = []
    w.subscribe(events.append)
    return w, events


def test_start_up_poll_sees_a_card_already_in() -> None:
    poll = Poll()
    poll.cards[R0] = b"atr"
    w, events = watcher(poll)
    w.start()
    assert w.cards() == {R0: b"atr"} and w.healthy and w.readers() == [R0, R1]
    assert events == [CardEvent(R0, True, b"atr", "poll")]
    w.stop()


def test_changes_are_published_once() -> None:
    poll = Poll()
    w, events = watcher(poll)
    w.start()
    poll.cards[R1] = b"x"
    w.check()
    w.check()
    w._from_monitor([(R1, b"x")], [])  # the monitor saw the same insertion later: nothing new
    del poll.cards[R1]
    w._from_monitor([], [R1])
    w.check()
    assert [(e.reader, e.inserted, e.origin) for e in events] == [(R1, True, "poll"), (R1, False, "monitor")]


def test_pcscd_gone_removes_every_card_and_says_why() -> None:
    poll = Poll()
    poll.cards[R0] = b"atr"
    w, events = watcher(poll)
    w.start()
    poll.down = True
    w.check()
    assert not w.healthy and "0x8010001D" in w.error and w.readers() == []
    assert events[-1] == CardEvent(R0, False, b"atr", "service")
    poll.down = False
    w.check()
    assert w.healthy and w.error == "" and events[-1] == CardEvent(R0, True, b"atr", "poll")


def test_wait_for_card() -> None:
    poll = Poll()
    w, _ = watcher(poll)
    w.start()
    assert w.wait_for_card(lambda r: True, 0.05) is None

    def insert() -> None:
        poll.cards[R1] = b"x"
        w.check()

    timer = threading.Timer(0.05, insert)
    timer.start()
    try:
        assert w.wait_for_card(lambda r: r == R1, 2) == R1
    finally:
        timer.join()
    assert w.wait_for_card(lambda r: r == R0, 0.01) is None


def test_a_failing_listener_does_not_stop_the_others() -> None:
    poll = Poll()
    w, events = watcher(poll)
    w.subscribe(lambda e: 1 / 0)
    seen: list[CardEvent] = []
    unsubscribe = w.subscribe(seen.append)
    poll.cards[R0] = b"a"
    w.check()
    unsubscribe()
    del poll.cards[R0]
    w.check()
    assert len(events) == 2 and len(seen) == 1


@dataclass
class FakeCard:
    reader: str
    atr: list[int]


def test_pyscard_observer_updates_are_applied_and_never_raise() -> None:
    poll = Poll()
    w, events = watcher(poll)
    observer = _Observer(w)
    observer.update(None, ([FakeCard(R0, [0x3B, 0x00])], []))
    observer.update(None, "garbage")  # logged, not raised into pyscard's thread
    observer.update(None, ([], [FakeCard(R0, [])]))
    assert [(e.inserted, e.atr, e.origin) for e in events] == [(True, b"\x3b\x00", "monitor"),
                                                                (False, b"\x3b\x00", "monitor")]


def test_watchdog_thread_polls_every_interval() -> None:
    poll = Poll()
    w = CardWatcher(watchdog_interval=0.02, poll=poll, use_monitor=False).start()
    try:
        deadline = time.monotonic() + 2
        while poll.calls < 4 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert poll.calls >= 4
    finally:
        w.stop()
    calls = poll.calls
    time.sleep(0.06)
    assert poll.calls == calls  # stopped


def test_retiring_without_a_monitor_is_harmless() -> None:
    retire_pyscard_monitor()
    retire_pyscard_monitor()
