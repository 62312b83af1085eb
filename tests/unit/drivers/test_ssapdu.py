"""drivers.idcard.ssapdu: APDUs, TLV records and decoding of the 社会保障卡 (pure, no card)."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.base import CardReadError, InvalidCard
from drivers.idcard import ssapdu as ss
from drivers.idcard.messages import INVALID_ID_NUMBER
from drivers.sim.card_profiles import SsCardProfile


def test_apdus() -> None:
    assert ss.select_aid().hex().upper() == "00A404000F7378312E73682EC9E7BBE1B1A3D5CF"
    assert ss.SSSE_AID == "sx1.sh.社会保障".encode("gbk")
    assert ss.select_ef(ss.EF05).hex().upper() == "00A4020002EF05"
    assert ss.read_record(ss.CARD_NUMBER).hex().upper() == "00B207040B"  # 9 bytes + tag + length
    assert ss.read_record(ss.NAME).hex().upper() == "00B2090420"
    assert ss.read_record(ss.ID_NUMBER).hex().upper() == "00B2080414"
    assert ss.read_record(0x77).hex().upper() == "00B2770400"  # unknown: Le 0 = all
    assert ss.get_response(0x12).hex().upper() == "00C0000012"


def test_split_tlv() -> None:
    assert ss.split_tlv(7, bytes.fromhex("0703414243")) == b"ABC"
    with pytest.raises(CardReadError, match="tag 07"):
        ss.split_tlv(7, bytes.fromhex("0803414243"))
    with pytest.raises(CardReadError, match="length 9"):
        ss.split_tlv(7, bytes.fromhex("0709414243"))
    with pytest.raises(CardReadError):
        ss.split_tlv(7, b"")


def test_decoding() -> None:
    assert ss.decode_an("张秀英".encode("gbk") + b"\x00" * 24) == "张秀英"
    assert ss.decode_an(b"A12345678") == "A12345678"
    assert ss.decode_an(b"  X \xff\xff") == "X"
    assert ss.decode_date(bytes.fromhex("19560308")) == date(1956, 3, 8)
    assert ss.decode_date(bytes(4)) is None and ss.decode_date(b"\xff" * 4) is None
    with pytest.raises(CardReadError, match="not BCD"):
        ss.decode_date(bytes.fromhex("1956AB08"))
    with pytest.raises(CardReadError, match="not a date"):
        ss.decode_date(bytes.fromhex("19561399"))
    with pytest.raises(CardReadError, match="GB18030"):
        ss.decode_an(b"\x81")


def records(profile: SsCardProfile) -> tuple[dict[int, bytes], dict[int, bytes]]:
    def values(fid: int) -> dict[int, bytes]:
        return {n: ss.split_tlv(n, r) for n, r in profile.records(fid).items()}

    return values(ss.EF05), values(ss.EF06)


def test_simulated_records_parse_back() -> None:
    profile = SsCardProfile.sample()
    data = ss.parse(*records(profile))
    assert (data.card_number, data.version, data.issued, data.valid_to) == \
        ("A12345678", "3.00", date(2019, 6, 1), date(2029, 6, 1))
    assert data.card_id == profile.card_id.hex().upper()
    person = data.person()
    assert (person.name, person.id_number, person.sex, person.nation, person.birth) == \
        ("张秀英", profile.id_number, "女", "汉", date(1956, 3, 8))
    assert (person.valid_from, person.valid_to, person.source) == (date(2019, 6, 1), date(2029, 6, 1), "ss_card")


def test_long_names_continue_in_the_name_extension() -> None:
    name = "阿卜杜热合曼·买买提依明·阿不都克里木"  # 19 characters: more than 30 bytes of GBK
    ef05, ef06 = records(SsCardProfile.sample(name=name))
    assert ss.NAME_EXT in ef06
    assert ss.parse(ef05, ef06).name == name


def test_missing_required_record() -> None:
    ef05, ef06 = records(SsCardProfile.sample())
    del ef06[ss.NAME]
    with pytest.raises(CardReadError, match="record 09 missing"):
        ss.parse(ef05, ef06)


def test_bad_id_number_is_an_invalid_card() -> None:
    profile = SsCardProfile.sample()
    wrong = profile.id_number[:17] + ("0" if profile.id_number[17] != "0" else "1")
    data = ss.parse(*records(SsCardProfile.sample(id_number=wrong)))
    with pytest.raises(InvalidCard) as err:
        data.person()
    assert err.value.message == INVALID_ID_NUMBER


@given(st.dictionaries(st.integers(0, 255), st.binary(max_size=40)),
       st.dictionaries(st.integers(0, 255), st.binary(max_size=40)))
def test_random_records_only_ever_raise_card_errors(ef05: dict[int, bytes], ef06: dict[int, bytes]) -> None:
    try:
        ss.parse(ef05, ef06).person()
    except (CardReadError, InvalidCard):
        pass


@given(st.integers(0, 255), st.binary(max_size=64))
def test_random_tlv_only_ever_raises_card_errors(number: int, data: bytes) -> None:
    try:
        value = ss.split_tlv(number, data)
    except CardReadError:
        return
    assert data[0] == number and value == data[2:2 + data[1]]
