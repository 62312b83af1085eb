"""SocialSecurityCardReader's reading logic over a fake PC/SC link that talks to the simulated card.

No pcscd here: the watcher's poll and the connection are injected. The same reader against the real
pcscd + vpcd is in tests/integration/test_sscard_pcsc.py.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest

from drivers.base import CardReader, CardReadError, DeviceUnavailable, Health, InvalidCard, NoCard
from drivers.idcard import messages as says
from drivers.idcard import pcsc
from drivers.idcard import sscard as mod
from drivers.idcard.pcscmon import CardWatcher
from drivers.idcard.sscard import SocialSecurityCardReader
from drivers.sim.card_profiles import IdCardProfile, SsCardProfile

READER = "Virtual PCD 00 00"
TODAY = date(2026, 11, 26)


class FakeLink:
    """transmit() straight into a card profile, optionally failing at the nth APDU."""

    def __init__(self, profile: SsCardProfile | IdCardProfile, fail_at: int | None = None,
                 rewrite: dict[bytes, bytes] | None = None) -> None:
        self.profile = profile
        self.fail_at = fail_at
        self.rewrite = rewrite or {}
        self.sent: list[bytes] = []

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        self.sent.append(apdu)
        if self.fail_at is not None and len(self.sent) >= self.fail_at:
            raise pcsc.PcscError("SCardTransmit", pcsc.sc.SCARD_W_REMOVED_CARD)
        answer = self.rewrite.get(apdu) or self.profile.apdu(apdu)
        return answer[:-2], int.from_bytes(answer[-2:], "big")


class Rig:
    def __init__(self) -> None:
        self.cards: dict[str, bytes] = {}
        self.readers = [READER]
        self.down = False
        self.link = FakeLink(SsCardProfile.sample())
        self.watcher = CardWatcher(watchdog_interval=None, poll=self.poll, use_monitor=False)

    def poll(self) -> tuple[list[str], dict[str, bytes]]:
        if self.down:
            raise pcsc.PcscError("SCardEstablishContext", pcsc.sc.SCARD_E_NO_SERVICE)
        return list(self.readers), dict(self.cards)

    @contextmanager
    def connect(self, reader: str) -> Iterator[FakeLink]:
        self.link.profile.reset()
        yield self.link

    def reader(self, name: str = READER) -> SocialSecurityCardReader:
        return SocialSecurityCardReader(name, watcher=self.watcher, connect=self.connect)


@pytest.fixture
def rig() -> Rig:
    return Rig()


def test_reads_the_card(rig: Rig) -> None:
    rig.cards[READER] = b"atr"
    reader = rig.reader()
    assert isinstance(reader, CardReader)
    data = reader.read_card(timeout=0.1)
    assert data.card_number == "A12345678"
    person = reader.read_person(timeout=0.1)
    assert (person.name, person.sex, person.nation, person.source) == ("张秀英", "女", "汉", "ss_card")
    # select SSSE, EF05 + 5 records, EF06 + 5 records + the name extension (6A83, optional)
    assert rig.link.sent[:2] == [bytes.fromhex("00A404000F7378312E73682EC9E7BBE1B1A3D5CF"),
                                 bytes.fromhex("00A4020002EF05")]
    assert len(rig.link.sent) == 2 * (1 + 6 + 1 + 6)
    reader.close()


def test_waits_for_a_card_inserted_later(rig: Rig) -> None:
    reader = rig.reader()

    def insert() -> None:
        rig.cards[READER] = b"atr"
        rig.watcher.check()

    timer = threading.Timer(0.1, insert)
    timer.start()
    try:
        assert reader.read_person(timeout=2).name == "张秀英"
    finally:
        timer.join()


def test_no_card_within_the_timeout(rig: Rig) -> None:
    with pytest.raises(NoCard) as err:
        rig.reader().read_person(timeout=0.05)
    assert err.value.message == says.PUT_SS_CARD


def test_pcscd_down_is_device_unavailable(rig: Rig) -> None:
    rig.down = True
    reader = rig.reader()
    with pytest.raises(DeviceUnavailable) as err:
        reader.read_person(timeout=0.05)
    assert err.value.message == says.SS_SERVICE_DOWN and "0x8010001D" in err.value.detail


def test_no_such_reader(rig: Rig) -> None:
    with pytest.raises(DeviceUnavailable) as err:
        rig.reader("Some Other Reader").read_person(timeout=0.05)
    assert err.value.message == says.SS_READER_NOT_CONNECTED


def test_card_pulled_mid_read(rig: Rig) -> None:
    rig.cards[READER] = b"atr"
    rig.link.fail_at = 5
    reader = rig.reader()
    with pytest.raises(CardReadError) as err:
        reader.read_person(timeout=0.1)
    assert err.value.message == says.SS_CARD_REMOVED and "0x80100069" in err.value.detail
    rig.link = FakeLink(SsCardProfile.sample())  # put back in
    assert reader.read_person(timeout=0.1).name == "张秀英"


def test_not_a_social_security_card(rig: Rig) -> None:
    rig.cards[READER] = b"atr"
    rig.link = FakeLink(IdCardProfile.sample())
    with pytest.raises(InvalidCard) as err:
        rig.reader().read_person(timeout=0.1)
    assert err.value.message == says.NOT_SS_CARD


def test_protected_holder_file(rig: Rig) -> None:
    rig.cards[READER] = b"atr"
    rig.link = FakeLink(SsCardProfile.sample(protect_ef06=True))
    with pytest.raises(CardReadError) as err:
        rig.reader().read_person(timeout=0.1)
    assert err.value.message == says.SS_PROTECTED


def test_an_expired_card_is_read_with_its_dates(rig: Rig) -> None:
    rig.cards[READER] = b"atr"
    rig.link = FakeLink(SsCardProfile.sample(valid_to=date(2025, 1, 31)))
    person = rig.reader().read_person(timeout=0.1)
    assert person.valid_to == date(2025, 1, 31) and person.is_expired(TODAY)


class ScriptedLink:
    def __init__(self, *answers: str) -> None:
        self.answers = [bytes.fromhex(a) for a in answers]
        self.sent: list[str] = []

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        self.sent.append(apdu.hex().upper())
        answer = self.answers.pop(0)
        return answer[:-2], int.from_bytes(answer[-2:], "big")


def test_t0_more_data_is_fetched_with_get_response() -> None:
    link = ScriptedLink("6105", "0102030405" + "9000")
    assert SocialSecurityCardReader._command(link, bytes.fromhex("00A404000F" + "00" * 15)) == \
        (bytes.fromhex("0102030405"), 0x9000)
    assert link.sent[1] == "00C0000005"


def test_t0_wrong_length_is_sent_again_with_the_right_le() -> None:
    link = ScriptedLink("6C0B", "0709" + "41" * 9 + "9000")
    data, sw = SocialSecurityCardReader._command(link, bytes.fromhex("00B2070400"))
    assert (data[:2], sw) == (b"\x07\x09", 0x9000)
    assert link.sent == ["00B2070400", "00B207040B"]


def test_t0_loops_are_bounded() -> None:
    link = ScriptedLink(*["6C0B"] * 10)
    assert SocialSecurityCardReader._command(link, bytes.fromhex("00B2070400"))[1] == 0x6C0B
    assert len(link.sent) == 1 + mod._APDU_TRIES


def test_status(rig: Rig) -> None:
    assert rig.reader().status().health is Health.OK
    assert rig.reader("Some Other Reader").status().reason == says.SS_READER_NOT_CONNECTED
    rig.down = True
    reader = rig.reader()
    assert reader.status().reason == says.SS_SERVICE_DOWN and "0x8010001D" in reader.error
