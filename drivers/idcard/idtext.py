"""The 256-byte text block of a resident ID card (UCS-2LE, each field padded with spaces).

Byte layout: name 0-29, sex 30-31, nation 32-35, birth 36-51, address 52-121, ID number 122-157,
authority 158-187, valid from 188-203, valid to 204-219 (YYYYMMDD or 长期); 220-255 reserved.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from domain import idnumber
from domain.models import Person
from drivers.base import InvalidCard
from drivers.idcard.messages import INVALID_ID_NUMBER
from drivers.idcard.samframe import damaged

TEXT_SIZE = 256
LONG_TERM = "长期"
PAD = " "

# field name -> (first byte, byte count)
LAYOUT: dict[str, tuple[int, int]] = {
    "name": (0, 30),
    "sex_code": (30, 2),
    "nation_code": (32, 4),
    "birth": (36, 16),
    "address": (52, 70),
    "id_number": (122, 36),
    "authority": (158, 30),
    "valid_from": (188, 16),
    "valid_to": (204, 16),
}

# GB/T 2261.1: sex codes.
SEXES: dict[str, str] = {"0": "未知", "1": "男", "2": "女", "9": "未说明"}

# GB/T 3304: the 56 nationalities (and the two extra codes ID readers know).
NATIONS: dict[str, str] = {
    "01": "汉", "02": "蒙古", "03": "回", "04": "藏", "05": "维吾尔", "06": "苗", "07": "彝", "08": "壮",
    "09": "布依", "10": "朝鲜", "11": "满", "12": "侗", "13": "瑶", "14": "白", "15": "土家", "16": "哈尼",
    "17": "哈萨克", "18": "傣", "19": "黎", "20": "傈僳", "21": "佤", "22": "畲", "23": "高山", "24": "拉祜",
    "25": "水", "26": "东乡", "27": "纳西", "28": "景颇", "29": "柯尔克孜", "30": "土", "31": "达斡尔",
    "32": "仫佬", "33": "羌", "34": "布朗", "35": "撒拉", "36": "毛南", "37": "仡佬", "38": "锡伯",
    "39": "阿昌", "40": "普米", "41": "塔吉克", "42": "怒", "43": "乌孜别克", "44": "俄罗斯", "45": "鄂温克",
    "46": "德昂", "47": "保安", "48": "裕固", "49": "京", "50": "塔塔尔", "51": "独龙", "52": "鄂伦春",
    "53": "赫哲", "54": "门巴", "55": "珞巴", "56": "基诺",
    "97": "其他", "98": "外国血统中国籍人士",
}


def sex_code(sex: str) -> str:
    """男 -> "1"; a code is passed through."""
    for code, name in SEXES.items():
        if sex in (code, name):
            return code
    raise ValueError(f"unknown sex {sex!r}")


def nation_code(nation: str) -> str:
    """汉 (or 汉族) -> "01"; a code is passed through."""
    for code, name in NATIONS.items():
        if nation in (code, name, name + "族"):
            return code
    raise ValueError(f"unknown nation {nation!r}")


@dataclass(frozen=True)
class IdText:
    """The text block as strings, exactly as stored on the card (codes and YYYYMMDD, not decoded)."""

    name: str
    sex_code: str
    nation_code: str
    birth: str
    address: str
    id_number: str
    authority: str
    valid_from: str
    valid_to: str  # YYYYMMDD or 长期


def format_date(value: date | None) -> str:
    """date -> YYYYMMDD; None -> 长期."""
    return LONG_TERM if value is None else value.strftime("%Y%m%d")


def encode_text(text: IdText) -> bytes:
    """Build the 256-byte UCS-2LE block; ValueError if a field is too long or not UCS-2 (outside the BMP)."""
    block = bytearray(PAD.encode("utf-16-le") * (TEXT_SIZE // 2))
    for f in fields(IdText):
        start, size = LAYOUT[f.name]
        value: str = getattr(text, f.name)
        if any(ord(ch) > 0xFFFF or 0xD800 <= ord(ch) <= 0xDFFF for ch in value):
            raise ValueError(f"{f.name} has a character outside UCS-2: {value!r}")
        raw = value.encode("utf-16-le")
        if len(raw) > size:
            raise ValueError(f"{f.name} is longer than {size // 2} characters: {value!r}")
        block[start:start + len(raw)] = raw
    return bytes(block)


def decode_text(block: bytes) -> IdText:
    """Split the 256-byte block into its fields (trailing padding removed); CardReadError if undecodable."""
    if len(block) != TEXT_SIZE:
        damaged(f"text block has {len(block)} bytes, not {TEXT_SIZE}")
    values: dict[str, str] = {}
    for name, (start, size) in LAYOUT.items():
        try:
            values[name] = block[start:start + size].decode("utf-16-le").rstrip(" \x00")
        except UnicodeDecodeError:
            damaged(f"{name} is not UCS-2 text")
    return IdText(**values)


def _parse_date(name: str, value: str) -> date:
    try:
        if len(value) != 8 or not value.isdigit():
            raise ValueError(value)
        return date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        damaged(f"{name} is not a date (YYYYMMDD)")


def parse_text(block: bytes, photo: bytes = b"") -> Person:
    """Decode the text block into a Person; InvalidCard if the ID number's check character is wrong.

    Unknown sex / nation codes are kept as the raw code rather than refusing the card.
    """
    text = decode_text(block)
    try:
        id_number = idnumber.validate(text.id_number)
    except idnumber.InvalidIdNumber as exc:
        raise InvalidCard(INVALID_ID_NUMBER, detail=f"{exc}: {idnumber.mask(text.id_number)}") from None
    valid_to = None if text.valid_to == LONG_TERM else _parse_date("valid_to", text.valid_to)
    return Person(
        name=text.name,
        id_number=id_number,
        sex=SEXES.get(text.sex_code, text.sex_code),
        nation=NATIONS.get(text.nation_code, text.nation_code),
        birth=_parse_date("birth", text.birth),
        address=text.address,
        authority=text.authority,
        valid_from=_parse_date("valid_from", text.valid_from),
        valid_to=valid_to,
        photo=bytes(photo),
        source="id_card",
    )
