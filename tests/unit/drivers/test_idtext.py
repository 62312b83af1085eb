"""The ID card's 256-byte UCS-2LE text block: layout, codes, dates, validation."""
from __future__ import annotations

import dataclasses
from datetime import date
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain import idnumber
from drivers.base import CardReadError, InvalidCard
from drivers.idcard.idtext import (
    LAYOUT,
    NATIONS,
    TEXT_SIZE,
    IdText,
    decode_text,
    encode_text,
    nation_code,
    parse_text,
    sex_code,
)
from drivers.idcard.messages import DAMAGED_ANSWER, INVALID_ID_NUMBER


def make_id(first17: str) -> str:
    return first17 + idnumber.check_char(first17)


SAMPLE = IdText(
    name="张秀英",
    sex_code="2",
    nation_code="01",
    birth="19560308",
    address="广东省广州市从化区鳌头镇龙潭村委会12号",
    id_number=make_id("44011719560308042"),
    authority="广州市公安局从化分局",
    valid_from="20120514",
    valid_to="长期",
)


def field_bytes(block: bytes, name: str) -> bytes:
    start, size = LAYOUT[name]
    return block[start:start + size]


def test_layout_tiles_the_block_as_documented() -> None:
    spans = sorted(LAYOUT.values())
    assert spans[0][0] == 0
    for (start, size), (next_start, _) in pairwise(spans):
        assert start + size == next_start
    assert spans[-1][0] + spans[-1][1] == 220
    assert LAYOUT["id_number"] == (122, 36)  # bytes 122-157: 18 UCS-2 characters
    assert LAYOUT["valid_to"] == (204, 16)  # bytes 204-219


def test_encode_places_fields_at_their_bytes_padded_with_spaces() -> None:
    block = encode_text(SAMPLE)
    assert len(block) == TEXT_SIZE
    assert block[0:6] == "张秀英".encode("utf-16-le")
    assert block[6:30] == " ".encode("utf-16-le") * 12
    assert block[30:32] == b"2\x00"
    assert block[32:36] == "01".encode("utf-16-le")
    assert block[36:52] == "19560308".encode("utf-16-le")
    assert block[122:158] == SAMPLE.id_number.encode("utf-16-le")
    assert block[204:208] == "长期".encode("utf-16-le")
    assert block[220:] == b" \x00" * 18


def test_round_trip_long_term() -> None:
    block = encode_text(SAMPLE)
    assert decode_text(block) == SAMPLE
    person = parse_text(block, b"photo")
    assert person.name == "张秀英"
    assert person.sex == "女"
    assert person.nation == "汉"
    assert person.birth == date(1956, 3, 8)
    assert person.address == SAMPLE.address
    assert person.id_number == SAMPLE.id_number
    assert person.authority == "广州市公安局从化分局"
    assert person.valid_from == date(2012, 5, 14)
    assert person.valid_to is None
    assert person.photo == b"photo"
    assert person.source == "id_card"


def test_round_trip_dated_validity_and_rare_characters() -> None:
    text = dataclasses.replace(
        SAMPLE, name="王堃䶮", sex_code="1", nation_code="05", valid_from="20150101", valid_to="20350101"
    )
    person = parse_text(encode_text(text))
    assert person.name == "王堃䶮"
    assert person.sex == "男"
    assert person.nation == "维吾尔"
    assert person.valid_to == date(2035, 1, 1)


def test_full_length_fields() -> None:
    text = dataclasses.replace(SAMPLE, name="阿" * 15, address="路" * 35, authority="局" * 15)
    assert decode_text(encode_text(text)) == text


def test_outside_ucs2_or_too_long_cannot_be_encoded() -> None:
    with pytest.raises(ValueError, match="UCS-2"):
        encode_text(dataclasses.replace(SAMPLE, name="王𠀀"))
    with pytest.raises(ValueError, match="longer"):
        encode_text(dataclasses.replace(SAMPLE, name="阿" * 16))


bmp_text = st.text(
    alphabet=st.characters(max_codepoint=0xFFFF, exclude_categories=("Cs",)), max_size=15
).map(lambda s: s.rstrip(" \x00"))


@given(name=bmp_text, address=bmp_text)
def test_any_ucs2_text_round_trips(name: str, address: str) -> None:
    text = dataclasses.replace(SAMPLE, name=name, address=address)
    assert decode_text(encode_text(text)) == text


def test_wrong_check_digit_is_invalid_card() -> None:
    good = SAMPLE.id_number
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(InvalidCard) as info:
        parse_text(encode_text(dataclasses.replace(SAMPLE, id_number=bad)))
    assert info.value.message == INVALID_ID_NUMBER
    assert bad not in info.value.detail  # the detail is logged: mask the number


def test_lower_case_x_is_normalised() -> None:
    first17 = next(f"1101011990010100{i}" for i in range(10) if idnumber.check_char(f"1101011990010100{i}") == "X")
    text = dataclasses.replace(SAMPLE, id_number=first17 + "x")
    assert parse_text(encode_text(text)).id_number == first17 + "X"


def test_unknown_codes_are_kept_raw() -> None:
    person = parse_text(encode_text(dataclasses.replace(SAMPLE, sex_code="7", nation_code="77")))
    assert (person.sex, person.nation) == ("7", "77")


@pytest.mark.parametrize("field", ["birth", "valid_from", "valid_to"])
@pytest.mark.parametrize("value", ["19561308", "1956038", "abcdefgh", ""])
def test_bad_dates_are_a_read_error(field: str, value: str) -> None:
    with pytest.raises(CardReadError) as info:
        parse_text(encode_text(dataclasses.replace(SAMPLE, **{field: value})))
    assert info.value.message == DAMAGED_ANSWER
    assert field in info.value.detail


def test_undecodable_block_is_a_read_error() -> None:
    block = bytearray(encode_text(SAMPLE))
    block[0:2] = b"\x00\xd8"  # a lone high surrogate
    with pytest.raises(CardReadError):
        decode_text(bytes(block))
    with pytest.raises(CardReadError):
        decode_text(bytes(255))


def test_nation_table() -> None:
    minorities = {c: n for c, n in NATIONS.items() if int(c) <= 56}
    assert list(minorities) == [f"{i:02d}" for i in range(1, 57)]
    assert len(set(minorities.values())) == 56
    assert (NATIONS["01"], NATIONS["56"]) == ("汉", "基诺")
    assert nation_code("汉") == nation_code("汉族") == "01"
    assert nation_code("土") == "30" and nation_code("土家") == "15"
    with pytest.raises(ValueError):
        nation_code("火星")


def test_sex_codes() -> None:
    assert (sex_code("男"), sex_code("女"), sex_code("1")) == ("1", "2", "1")
    with pytest.raises(ValueError):
        sex_code("x")
