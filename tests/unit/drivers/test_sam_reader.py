"""ResidentIdReader against the real pty simulator (SamReaderSim): no mocks."""
from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from datetime import date

import pytest
import serial

from drivers.base import ID_READER_NOT_CONNECTED as NOT_CONNECTED
from drivers.base import CardReader, CardReadError, DeviceUnavailable, Health, InvalidCard, NoCard
from drivers.idcard.messages import DAMAGED_ANSWER, INVALID_ID_NUMBER, PUT_ID_CARD
from drivers.idcard.sam import ResidentIdReader
from drivers.idcard.samframe import build_frame, parse_frame, read_frame
from drivers.sim.sam_reader import SamReaderSim, SimIdCard
from tests.helpers.lifecycle import entered

FIND = bytes.fromhex("2001")


sim = entered(SamReaderSim)


@pytest.fixture
def reader(sim: SamReaderSim) -> Iterator[ResidentIdReader]:
    with ResidentIdReader(sim.device_path, poll_interval=0.05, answer_timeout=0.3) as r:
        yield r


def test_is_a_card_reader(reader: ResidentIdReader) -> None:
    assert isinstance(reader, CardReader)


def test_reads_the_card(sim: SamReaderSim, reader: ResidentIdReader) -> None:
    card = SimIdCard.sample()
    sim.insert(card)
    person = reader.read_person(timeout=1.0)
    assert person.name == "张秀英"
    assert (person.sex, person.nation) == ("女", "汉")
    assert person.birth == date(1956, 3, 8)
    assert person.address == "广东省广州市从化区鳌头镇龙潭村委会12号"
    assert person.id_number == card.id_number
    assert person.authority == "广州市公安局从化分局"
    assert person.valid_from == date(2012, 5, 14)
    assert person.valid_to is None
    assert person.photo == card.photo
    assert sim.received == [bytes.fromhex(c) for c in ("11FF", "2001", "2002", "3001")]
    assert reader.read_person(timeout=1.0) == person  # the same card again, port stays open


def test_sample_card_is_realistic() -> None:
    card = SimIdCard.sample()
    assert int(card.id_number[16]) % 2 == 0  # a woman
    assert card.id_number[6:14] == card.birth.strftime("%Y%m%d")


def test_waits_for_a_card_put_on_later(sim: SamReaderSim, reader: ResidentIdReader) -> None:
    timer = threading.Timer(0.2, sim.insert, args=(SimIdCard.sample(),))
    timer.start()
    try:
        assert reader.read_person(timeout=2.0).name == "张秀英"
    finally:
        timer.cancel()
        timer.join()
    assert sim.received.count(FIND) >= 2


def test_no_card_within_the_timeout(reader: ResidentIdReader) -> None:
    started = time.monotonic()
    with pytest.raises(NoCard) as info:
        reader.read_person(timeout=0.4)
    assert 0.4 <= time.monotonic() - started < 1.0
    assert info.value.message == PUT_ID_CARD


def test_removed_card_is_no_card(sim: SamReaderSim, reader: ResidentIdReader) -> None:
    sim.insert(SimIdCard.sample())
    reader.read_person(timeout=1.0)
    sim.remove()
    with pytest.raises(NoCard):
        reader.read_person(timeout=0.1)


def test_one_damaged_answer_is_retried(sim: SamReaderSim, reader: ResidentIdReader) -> None:
    sim.insert(SimIdCard.sample())
    assert reader.status().health is Health.OK
    sim.corrupt_next(1)
    assert reader.read_person(timeout=1.0).name == "张秀英"
    assert sim.received[2:] == [FIND, FIND] + [bytes.fromhex(c) for c in ("2002", "3001")]


def test_always_damaged_is_a_read_error(sim: SamReaderSim, reader: ResidentIdReader) -> None:
    sim.insert(SimIdCard.sample())
    sim.corrupt_all = True
    with pytest.raises(CardReadError) as info:
        reader.read_person(timeout=1.0)
    assert info.value.message == DAMAGED_ANSWER
    assert reader.status().health is Health.WARNING
    sim.corrupt_all = False
    assert reader.read_person(timeout=1.0).name == "张秀英"


def test_wrong_check_digit_is_invalid(sim: SamReaderSim, reader: ResidentIdReader) -> None:
    sim.insert(SimIdCard.bad_check_digit())
    with pytest.raises(InvalidCard) as info:
        reader.read_person(timeout=1.0)
    assert info.value.message == INVALID_ID_NUMBER


def test_an_expired_card_is_read_with_its_dates(sim: SamReaderSim, reader: ResidentIdReader) -> None:
    """Whether an expired card is accepted depends on the service (居民身份证换领 takes one): the kiosk decides."""
    sim.insert(SimIdCard.sample().replace(valid_from=date(2004, 6, 1), valid_to=date(2024, 6, 1)))
    person = reader.read_person(timeout=1.0)
    assert person.valid_to == date(2024, 6, 1) and person.is_expired(date(2024, 6, 2))
    assert not person.is_expired(date(2024, 6, 1))


def test_long_term_card_never_expires(sim: SamReaderSim, reader: ResidentIdReader) -> None:
    sim.insert(SimIdCard.sample())
    person = reader.read_person(timeout=1.0)
    assert person.valid_to is None and not person.is_expired(date(2199, 1, 1))


def test_status_ok(reader: ResidentIdReader) -> None:
    assert reader.status() == reader.status().ok()


def test_missing_port_is_unavailable() -> None:
    with ResidentIdReader("/dev/no-such-sam-reader") as reader:
        with pytest.raises(DeviceUnavailable) as info:
            reader.read_person(timeout=0.2)
        assert info.value.message == NOT_CONNECTED
        assert reader.status().health is Health.ERROR
        assert reader.status().reason == NOT_CONNECTED


def test_silent_port_is_unavailable() -> None:
    master, slave = os.openpty()
    try:
        with ResidentIdReader(os.ttyname(slave), answer_timeout=0.2) as reader:
            started = time.monotonic()
            with pytest.raises(DeviceUnavailable) as info:
                reader.read_person(timeout=0.2)
            assert time.monotonic() - started < 1.0
            assert info.value.message == NOT_CONNECTED
    finally:
        os.close(master)
        os.close(slave)


def test_reader_gone_while_open_is_unavailable(sim: SamReaderSim, reader: ResidentIdReader) -> None:
    assert reader.status().health is Health.OK
    sim.close()
    with pytest.raises(DeviceUnavailable):
        reader.read_person(timeout=0.2)


def test_reopens_after_close(sim: SamReaderSim, reader: ResidentIdReader) -> None:
    sim.insert(SimIdCard.sample())
    reader.read_person(timeout=1.0)
    reader.close()
    reader.close()
    assert reader.read_person(timeout=1.0).name == "张秀英"


def test_sim_answers_garbage_and_unknown_commands(sim: SamReaderSim) -> None:
    with serial.Serial(sim.device_path, timeout=0.05) as port:
        port.write(b"\x00\x01junk" + bytes.fromhex("AAAAAA9669 0003 11FF EE"))  # wrong checksum
        assert parse_frame(read_frame(port, 1.0))[:3] == bytes.fromhex("000010")
        port.write(build_frame(bytes.fromhex("7777")))
        assert parse_frame(read_frame(port, 1.0))[:3] == bytes.fromhex("000021")
        port.write(build_frame(bytes.fromhex("3001")))  # read without a card
        assert parse_frame(read_frame(port, 1.0))[:3] == bytes.fromhex("000041")


def test_sim_refuses_a_card_it_cannot_encode(sim: SamReaderSim) -> None:
    with pytest.raises(ValueError):
        sim.insert(SimIdCard.sample().replace(name="王𠀀"))


def test_sim_close_is_idempotent_and_stops_its_thread() -> None:
    sim = SamReaderSim(SimIdCard.sample())
    thread = sim._thread
    sim.close()
    sim.close()
    assert not thread.is_alive()
