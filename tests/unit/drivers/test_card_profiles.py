"""drivers.sim.card_profiles: what the simulated PC/SC cards answer, APDU by APDU (no pcscd)."""
from __future__ import annotations

from drivers.idcard import ssapdu as ss
from drivers.sim.card_profiles import IdCardProfile, SsCardProfile, with_tck


def sw(answer: bytes) -> str:
    return answer[-2:].hex().upper()


def test_social_security_card_file_system() -> None:
    card = SsCardProfile.sample()
    assert sw(card.apdu(ss.read_record(7))) == "6986"  # no EF selected yet
    assert sw(card.apdu(ss.select_ef(ss.EF05))) == "6A82"  # EF05 lives under SSSE
    answer = card.apdu(ss.select_aid())
    assert sw(answer) == "9000" and ss.SSSE_AID in answer
    assert sw(card.apdu(ss.select_ef(ss.EF05))) == "9000"
    assert card.apdu(ss.read_record(7)) == b"\x07\x09A12345678\x90\x00"
    assert card.apdu(ss.read_record(7, 0)) == b"\x07\x09A12345678\x90\x00"  # Le 0: the whole record
    assert sw(card.apdu(ss.read_record(7, 5))) == "6C0B"  # wrong Le: told the right one (T=0)
    assert sw(card.apdu(ss.read_record(0x55))) == "6A83"
    assert sw(card.apdu(bytes.fromhex("00B207060B"))) == "6A86"  # P2 other than "record number"
    assert sw(card.apdu(ss.select_ef(0xEF09))) == "6A82"
    assert sw(card.apdu(bytes.fromhex("0084000008"))) == "6D00"
    assert sw(card.apdu(bytes.fromhex("80B2070400"))) == "6E00"
    assert sw(card.apdu(b"\x00")) == "6700"
    card.reset()
    assert sw(card.apdu(ss.select_ef(ss.EF06))) == "6A82"  # a reset goes back to the MF


def test_protected_ef06() -> None:
    card = SsCardProfile.sample(protect_ef06=True)
    card.apdu(ss.select_aid())
    card.apdu(ss.select_ef(ss.EF05))
    assert sw(card.apdu(ss.read_record(7))) == "9000"
    card.apdu(ss.select_ef(ss.EF06))
    assert sw(card.apdu(ss.read_record(8))) == "6982"


def test_id_card_only_has_a_uid() -> None:
    card = IdCardProfile.sample()
    assert card.apdu(bytes.fromhex("FFCA000000")) == card.uid + b"\x90\x00"
    assert sw(card.apdu(ss.select_aid())) == "6A82"
    assert card.atr == with_tck(card.atr[:-1])
    x = 0
    for b in card.atr[1:]:
        x ^= b
    assert x == 0  # TCK makes the XOR of T0..TCK zero
