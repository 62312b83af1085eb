"""社会保障卡 (social security card) APDUs and records: pure bytes in, values out; no PC/SC here.

What we read, following the MOHRSS 社会保障（个人）卡规范 file layout that card vendors and readers in the
field use (we have no copy of the spec text; the layout below matches what public reader code sends):

    SELECT SSSE (DDF1) by name   00 A4 04 00 0F 7378312E73682EC9E7BBE1B1A3D5CF   ("sx1.sh.社会保障", GBK)
    SELECT EF05 / EF06           00 A4 02 00 02 EF05 / EF06                      (an EF of the current DF)
    READ RECORD n                00 B2 nn 04 Le                                  (P2=04: record number nn)

Every record is one TLV, whose tag equals its record number: tag (1) length (1) value. Le = length + 2.

    EF05 卡的识别信息 (free to read)          EF06 持卡人基本信息
      01 卡识别码     16 b  (binary)              08 社会保障号码 18 b AN (the 公民身份号码)
      03 规范版本      4 b  AN  "3.00"            09 姓名         30 b AN (GBK), 4E 姓名扩展 20 b
      05 发卡日期      4 b  CN  YYYYMMDD          0A 性别          1 b AN  "1" 男, "2" 女 (GB/T 2261.1)
      06 卡有效期      4 b  CN  YYYYMMDD          0B 民族          1 b CN  01 汉 (GB/T 3304)
      07 社会保障卡卡号 9 b  AN                    0D 出生日期      4 b CN  YYYYMMDD

AN is left aligned and padded (0x00, 0x20 or 0xFF are all stripped); CN is packed BCD. Some card
issuers protect EF06 (SW 6982: external authentication with a PSAM); the driver reports that clearly
instead of guessing at keys. T=0 answers are handled: 61xx -> GET RESPONSE, 6Cxx -> resend with Le=xx.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain import idnumber
from domain.models import Person
from drivers.base import CardReadError, InvalidCard
from drivers.idcard.idtext import NATIONS, SEXES
from drivers.idcard.messages import INVALID_ID_NUMBER, SS_UNREADABLE

SSSE_AID = bytes.fromhex("7378312E73682EC9E7BBE1B1A3D5CF")
assert SSSE_AID == "sx1.sh.社会保障".encode("gbk")
EF05 = 0xEF05
EF06 = 0xEF06

# record number (= TLV tag) -> value length in bytes
CARD_ID, VERSION, ISSUED, VALID_TO, CARD_NUMBER = 0x01, 0x03, 0x05, 0x06, 0x07
ID_NUMBER, NAME, NAME_EXT, SEX, NATION, BIRTH = 0x08, 0x09, 0x4E, 0x0A, 0x0B, 0x0D
LENGTHS: dict[int, int] = {
    CARD_ID: 16, 0x02: 1, VERSION: 4, 0x04: 12, ISSUED: 4, VALID_TO: 4, CARD_NUMBER: 9,
    ID_NUMBER: 18, NAME: 30, NAME_EXT: 20, SEX: 1, NATION: 1, 0x0C: 3, BIRTH: 4,
}
EF05_READ = (CARD_NUMBER, CARD_ID, VERSION, ISSUED, VALID_TO)
EF06_READ = (ID_NUMBER, NAME, SEX, NATION, BIRTH)

SW_OK = 0x9000
SW_NOT_FOUND = (0x6A82, 0x6A81, 0x6D00, 0x6E00)  # file/application missing, no such INS/CLA
SW_RECORD_NOT_FOUND = 0x6A83
SW_SECURITY = 0x6982


def select_aid(aid: bytes = SSSE_AID) -> bytes:
    return bytes([0x00, 0xA4, 0x04, 0x00, len(aid)]) + aid


def select_ef(fid: int) -> bytes:
    return bytes([0x00, 0xA4, 0x02, 0x00, 0x02]) + fid.to_bytes(2, "big")


def read_record(number: int, le: int | None = None) -> bytes:
    """READ RECORD by number; Le defaults to the record's TLV size (0 = "all", for unknown records)."""
    if le is None:
        le = LENGTHS.get(number, -2) + 2
    return bytes([0x00, 0xB2, number, 0x04, le & 0xFF])


def get_response(le: int) -> bytes:
    return bytes([0x00, 0xC0, 0x00, 0x00, le & 0xFF])


def unreadable(detail: str) -> CardReadError:
    return CardReadError(SS_UNREADABLE, detail=detail)


def split_tlv(number: int, data: bytes) -> bytes:
    """The value of record `number`; CardReadError if the TLV is not that record."""
    if len(data) < 2 or data[0] != number:
        raise unreadable(f"record {number:02X}: not a TLV with tag {number:02X}: {data[:4].hex(' ')}")
    length = data[1]
    if len(data) < 2 + length:
        raise unreadable(f"record {number:02X}: length {length}, {len(data) - 2} bytes of value")
    return bytes(data[2:2 + length])


def decode_an(value: bytes) -> str:
    """AN / Chinese text (GBK, read as GB18030, its superset) without the padding."""
    try:
        return value.rstrip(b"\x00\x20\xff").decode("gb18030").strip()
    except UnicodeDecodeError:
        raise unreadable(f"text is not GB18030: {value.hex(' ')}") from None


def decode_bcd(value: bytes) -> str:
    digits = value.hex()
    if not digits.isdigit():
        raise unreadable(f"not BCD: {value.hex(' ')}")
    return digits


def decode_date(value: bytes) -> date | None:
    """CN YYYYMMDD; all zeros or all FF -> None (no date)."""
    if value.strip(b"\x00") == b"" or value.strip(b"\xff") == b"":
        return None
    digits = decode_bcd(value)
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise unreadable(f"not a date: {digits}") from None


# -- encoding (the simulated card builds its records with these) ---------------------------------

def encode_an(text: str, size: int) -> bytes:
    raw = text.encode("gb18030")
    if len(raw) > size:
        raise ValueError(f"{text!r} is longer than {size} bytes in GB18030")
    return raw.ljust(size, b"\x00")


def encode_date(value: date | None) -> bytes:
    return bytes(4) if value is None else bytes.fromhex(value.strftime("%Y%m%d"))


def tlv(number: int, value: bytes) -> bytes:
    return bytes([number, len(value)]) + value


@dataclass(frozen=True)
class SsCardData:
    """What the kiosk reads from a social security card: the card's own numbers and its holder."""

    card_number: str  # 社会保障卡卡号 (9 characters, printed on the card)
    card_id: str  # 卡识别码 (hex; region code in the first 6 digits)
    version: str  # 规范版本, e.g. "3.00"
    issued: date | None
    valid_to: date | None
    id_number: str  # 社会保障号码 = 公民身份号码
    name: str
    sex_code: str
    nation_code: str
    birth: date | None

    def person(self) -> Person:
        """The holder as the same Person value the ID card reader gives (source "ss_card")."""
        try:
            id_number = idnumber.validate(self.id_number)
        except idnumber.InvalidIdNumber as exc:
            raise InvalidCard(INVALID_ID_NUMBER, detail=f"{exc}: {idnumber.mask(self.id_number)}") from None
        return Person(
            name=self.name,
            id_number=id_number,
            sex=SEXES.get(self.sex_code, self.sex_code),
            nation=NATIONS.get(self.nation_code, self.nation_code),
            birth=self.birth,
            valid_from=self.issued,
            valid_to=self.valid_to,
            source="ss_card",
        )


def parse(ef05: dict[int, bytes], ef06: dict[int, bytes]) -> SsCardData:
    """Records (number -> TLV value) -> SsCardData; CardReadError if a required one is unusable."""

    def need(records: dict[int, bytes], number: int) -> bytes:
        value = records.get(number)
        if value is None:
            raise unreadable(f"record {number:02X} missing")
        return value

    name = decode_an(need(ef06, NAME)) + decode_an(ef06.get(NAME_EXT, b""))
    if not name:
        raise unreadable("the name is empty")
    nation = decode_bcd(need(ef06, NATION)) if need(ef06, NATION) else ""
    return SsCardData(
        card_number=decode_an(need(ef05, CARD_NUMBER)),
        card_id=ef05.get(CARD_ID, b"").hex().upper(),
        version=decode_an(ef05.get(VERSION, b"")),
        issued=decode_date(ef05.get(ISSUED, bytes(4))),
        valid_to=decode_date(ef05.get(VALID_TO, bytes(4))),
        id_number=decode_an(need(ef06, ID_NUMBER)),
        name=name,
        sex_code=decode_an(need(ef06, SEX)),
        nation_code=nation,
        birth=decode_date(need(ef06, BIRTH)),
    )
