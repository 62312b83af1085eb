"""The social security card against the real stack: pcscd + vsmartcard-vpcd + our card on 127.0.0.1:35963.

pyscard's CardMonitor, SCardConnect/SCardTransmit through pcscd, the vpcd reader driver: nothing is mocked.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import date

import pytest
from smartcard.CardMonitoring import CardMonitoringThread

from drivers.base import CardReadError, DeviceUnavailable, Health, InvalidCard, NoCard
from drivers.idcard import messages as says
from drivers.idcard import pcsc
from drivers.idcard.pcscmon import CardEvent
from drivers.idcard.sam import ResidentIdReader
from drivers.idcard.sscard import SocialSecurityCardReader
from drivers.sim.card_profiles import IdCardProfile, SsCardProfile
from drivers.sim.pcscd import VPCD_READER, Pcscd
from drivers.sim.sam_reader import SamReaderSim, SimIdCard
from drivers.sim.vpcd_card import VpcdCard

TODAY = date(2026, 11, 26)


def wait_until(cond: Callable[[], object], timeout: float = 5.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or cond}")
        time.sleep(0.02)


def pcscd_sees_card() -> bool:
    try:
        return VPCD_READER in pcsc.poll_cards()[1]
    except pcsc.PcscError:
        return False


@pytest.fixture
def card(pcscd: Pcscd) -> Iterator[VpcdCard]:
    with VpcdCard(SsCardProfile.sample()) as c:
        yield c
    wait_until(lambda: not pcscd_sees_card(), what="pcscd to see the card gone")


@pytest.fixture
def events() -> list[CardEvent]:
    return []


@pytest.fixture
def reader(card: VpcdCard, events: list[CardEvent]) -> Iterator[SocialSecurityCardReader]:
    with SocialSecurityCardReader(VPCD_READER, watchdog_interval=0.2) as r:
        r.subscribe(events.append)
        yield r


def test_card_inserted_before_start_is_seen(card: VpcdCard) -> None:
    card.insert()
    wait_until(pcscd_sees_card, what="pcscd to see the card")
    with SocialSecurityCardReader(VPCD_READER, watchdog_interval=0.2) as reader:
        # no waiting: the start-up poll found it (pyscard's monitor may not say anything about it)
        assert VPCD_READER in reader.watcher.cards()
        started = time.monotonic()
        person = reader.read_person(timeout=0.5)
        assert time.monotonic() - started < 0.5
    assert person.name == "张秀英" and person.source == "ss_card"


def test_same_person_as_the_id_card_reader(card: VpcdCard, reader: SocialSecurityCardReader) -> None:
    id_card = SimIdCard.sample()
    card.insert(SsCardProfile.from_id_card(id_card, card_number="B98765432"))
    data = reader.read_card(timeout=3)
    with SamReaderSim(id_card) as sam, ResidentIdReader(sam.device_path, answer_timeout=0.5) as sam_reader:
        from_id_card = sam_reader.read_person(timeout=2)
    person = data.person()
    same = ("name", "id_number", "sex", "nation", "birth")
    assert {f: getattr(person, f) for f in same} == {f: getattr(from_id_card, f) for f in same}
    assert data.card_number == "B98765432" and data.version == "3.00"
    assert (person.valid_from, person.valid_to) == (date(2019, 6, 1), date(2029, 6, 1))


def test_insert_and_remove_events(card: VpcdCard, reader: SocialSecurityCardReader,
                                  events: list[CardEvent]) -> None:
    card.insert()
    wait_until(lambda: any(e.inserted for e in events), what="the insert event")
    card.remove()
    wait_until(lambda: events and not events[-1].inserted, what="the remove event")
    assert [e.inserted for e in events] == [True, False]
    assert all(e.reader == VPCD_READER for e in events)
    assert "monitor" in {e.origin for e in events} or "poll" in {e.origin for e in events}


def test_removed_mid_read_is_a_clear_error_and_a_retry_works(card: VpcdCard,
                                                             reader: SocialSecurityCardReader) -> None:
    card.insert()
    assert reader.read_person(timeout=3).name == "张秀英"
    card.pull_after(5)  # select SSSE, select EF05, 2 records ... then it is out of the slot
    with pytest.raises(CardReadError) as err:
        reader.read_person(timeout=3)
    assert err.value.message == says.SS_CARD_REMOVED
    assert not card.inserted
    wait_until(lambda: not reader.watcher.cards(), what="the removal to be seen")
    card.insert()  # the resident puts it in again
    assert reader.read_person(timeout=3).name == "张秀英"


def test_pcscd_restart_the_monitor_recovers(pcscd: Pcscd, card: VpcdCard) -> None:
    if not pcscd.owned:
        pytest.skip("pcscd was running before the tests: not ours to restart")
    events: list[CardEvent] = []
    # no watchdog thread: this test runs the passes itself, so every later event is the monitor's own
    with SocialSecurityCardReader(VPCD_READER, watchdog_interval=None) as reader:
        reader.subscribe(events.append)
        card.insert()
        wait_until(lambda: reader.watcher.cards(), what="the card")
        first_thread = CardMonitoringThread.instance
        old_pid = pcscd.pid
        pcscd.restart()
        assert pcscd.pid != old_pid
        # pyscard's thread dies silently with the old pcscd ...
        wait_until(lambda: not first_thread.is_alive(), what="pyscard's monitor thread to die")
        starts = reader.watcher.monitor_starts

        def recovered() -> bool:
            reader.watcher.check()  # ... and a watchdog pass brings up a new one
            return reader.watcher.monitor_starts > starts and bool(reader.watcher.cards())

        wait_until(recovered, what="the watchdog to recover (and the card to reconnect)")
        assert CardMonitoringThread.instance is not first_thread
        assert CardMonitoringThread.instance.is_alive()
        del events[:]
        card.remove()
        wait_until(lambda: events, what="the new monitor's remove event")
        assert events == [CardEvent(VPCD_READER, False, SsCardProfile.sample().atr, "monitor")]
        card.insert()
        wait_until(lambda: len(events) == 2, what="the new monitor's insert event")
        assert events[1].inserted and events[1].origin == "monitor"
        assert reader.read_person(timeout=3).name == "张秀英"


def test_pcscd_down_is_unavailable_and_comes_back(pcscd: Pcscd, card: VpcdCard,
                                                   reader: SocialSecurityCardReader) -> None:
    if not pcscd.owned:
        pytest.skip("pcscd was running before the tests: not ours to stop")
    card.insert()
    assert reader.read_person(timeout=3).name == "张秀英"
    pcscd.kill()
    try:
        with pytest.raises(DeviceUnavailable) as err:
            reader.read_person(timeout=1)
        assert err.value.message == says.SS_SERVICE_DOWN
        st = reader.status()
        assert (st.health, st.reason) == (Health.ERROR, says.SS_SERVICE_DOWN)
    finally:
        pcscd.start_again()
    assert reader.read_person(timeout=5).name == "张秀英"  # the card reconnects, the watchdog revives
    assert reader.status().health is Health.OK


def test_waits_for_the_card(card: VpcdCard, reader: SocialSecurityCardReader) -> None:
    with pytest.raises(NoCard) as err:
        reader.read_person(timeout=0.3)
    assert err.value.message == says.PUT_SS_CARD
    timer = threading.Timer(0.2, card.insert)
    timer.start()
    try:
        assert reader.read_person(timeout=5).name == "张秀英"
    finally:
        timer.join()


def test_an_id_card_in_the_slot_is_not_a_social_security_card(card: VpcdCard,
                                                                reader: SocialSecurityCardReader) -> None:
    card.insert(IdCardProfile.sample())
    with pytest.raises(InvalidCard) as err:
        reader.read_person(timeout=3)
    assert err.value.message == says.NOT_SS_CARD


def test_protected_and_expired_cards(card: VpcdCard, reader: SocialSecurityCardReader) -> None:
    card.insert(SsCardProfile.sample(protect_ef06=True))
    with pytest.raises(CardReadError) as err:
        reader.read_person(timeout=3)
    assert err.value.message == says.SS_PROTECTED
    card.remove()
    wait_until(lambda: not reader.watcher.cards(), what="the removal")
    card.insert(SsCardProfile.sample(valid_to=date(2024, 12, 31)))
    expired = reader.read_person(timeout=3)  # read with its dates; the kiosk decides per service
    assert expired.valid_to == date(2024, 12, 31)


def test_status(reader: SocialSecurityCardReader) -> None:
    assert reader.status().health is Health.OK
    with SocialSecurityCardReader("No Such Reader", watchdog_interval=None) as other:
        assert other.status().reason == says.SS_READER_NOT_CONNECTED
