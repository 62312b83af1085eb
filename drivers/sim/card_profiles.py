"""What the simulated PC/SC cards answer: a 社会保障卡 (SSSE file system) and a resident ID card.

The social security card holds the records described in drivers.idcard.ssapdu. The resident ID card
(二代证) on a PC/SC reader answers only what any ISO 14443-B card answers there: the reader's GET DATA
(FF CA) gives its UID, and every SELECT fails, because its data can only be read through a SAM.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from drivers.idcard import ssapdu as ss
from drivers.idcard.idtext import nation_code, sex_code
from drivers.sim.sam_reader import SimIdCard

SW_OK = b"\x90\x00"
SW_FILE_NOT_FOUND = b"\x6a\x82"
SW_RECORD_NOT_FOUND = b"\x6a\x83"
SW_NO_EF = b"\x69\x86"  # command not allowed: no current EF
SW_SECURITY = b"\x69\x82"
SW_BAD_P1P2 = b"\x6a\x86"
SW_BAD_LENGTH = b"\x67\x00"
SW_NO_INS = b"\x6d\x00"
SW_NO_CLA = b"\x6e\x00"


def with_tck(atr: bytes) -> bytes:
    """Append TCK (XOR of T0 .. the last historical byte), as contactless readers' ATRs carry."""
    tck = 0
    for b in atr[1:]:
        tck ^= b
    return atr + bytes([tck])


def sw_wrong_le(right: int) -> bytes:
    return bytes([0x6C, right & 0xFF])


@dataclass
class SsCardProfile:
    """A social security card. `protect_ef06` answers 6982 to EF06 reads, as cards that need a PSAM do."""

    name: str
    id_number: str
    sex: str  # 男 / 女
    nation: str  # 汉 ...
    birth: date
    card_number: str = "A12345678"
    card_id: bytes = bytes.fromhex("440100D15600000503A1B2C3D4E5F601")
    version: str = "3.00"
    issued: date = date(2019, 6, 1)
    valid_to: date | None = date(2029, 6, 1)
    protect_ef06: bool = False
    atr: bytes = bytes.fromhex("3B6C0000") + b"SSSE3.00" + bytes.fromhex("44010000")  # T=0, 12 historical bytes
    _df: str = field(default="MF", repr=False)
    _ef: int | None = field(default=None, repr=False)

    @classmethod
    def from_id_card(cls, card: SimIdCard, **changes: Any) -> "SsCardProfile":
        """The same resident as a simulated ID card (so both readers give the same Person)."""
        profile = cls(name=card.name, id_number=card.id_number, sex=card.sex, nation=card.nation,
                      birth=card.birth)
        return dataclasses.replace(profile, **changes) if changes else profile

    @classmethod
    def sample(cls, **changes: Any) -> "SsCardProfile":
        return cls.from_id_card(SimIdCard.sample(), **changes)

    def records(self, fid: int) -> dict[int, bytes]:
        """Each record's TLV of EF05 or EF06."""
        name, ext = self.name, ""
        while len(name.encode("gb18030")) > ss.LENGTHS[ss.NAME]:  # long names go on in 姓名扩展
            name, ext = name[:-1], name[-1] + ext
        values: dict[int, bytes]
        if fid == ss.EF05:
            values = {
                ss.CARD_ID: self.card_id[:16].ljust(16, b"\x00"),
                0x02: b"1",
                ss.VERSION: ss.encode_an(self.version, 4),
                0x04: bytes.fromhex("440100000000000000000000"),
                ss.ISSUED: ss.encode_date(self.issued),
                ss.VALID_TO: ss.encode_date(self.valid_to),
                ss.CARD_NUMBER: ss.encode_an(self.card_number, 9),
            }
        elif fid == ss.EF06:
            values = {
                ss.ID_NUMBER: ss.encode_an(self.id_number, 18),
                ss.NAME: ss.encode_an(name, 30),
                ss.SEX: sex_code(self.sex).encode("ascii"),
                ss.NATION: bytes.fromhex(nation_code(self.nation)),
                0x0C: bytes.fromhex("440100"),
                ss.BIRTH: ss.encode_date(self.birth),
            }
            if ext:
                values[ss.NAME_EXT] = ss.encode_an(ext, 20)
        else:
            return {}
        return {n: ss.tlv(n, v) for n, v in values.items()}

    def reset(self) -> None:
        self._df, self._ef = "MF", None

    def apdu(self, command: bytes) -> bytes:
        if len(command) < 4:
            return SW_BAD_LENGTH
        cla, ins, p1, p2 = command[:4]
        body = command[4:]
        if cla != 0x00:
            return SW_NO_CLA
        if ins == 0xA4:
            return self._select(p1, body)
        if ins == 0xB2:
            return self._read_record(p1, p2, body)
        return SW_NO_INS

    def _select(self, p1: int, body: bytes) -> bytes:
        if not body or len(body) < 1 + body[0]:
            return SW_BAD_LENGTH
        data = bytes(body[1:1 + body[0]])
        if p1 == 0x04:
            if data != ss.SSSE_AID:
                return SW_FILE_NOT_FOUND
            self._df, self._ef = "SSSE", None
            fci = b"\x84" + bytes([len(data)]) + data
            return b"\x6f" + bytes([len(fci)]) + fci + SW_OK
        if p1 in (0x00, 0x02) and len(data) == 2:
            fid = int.from_bytes(data, "big")
            if self._df != "SSSE" or fid not in (ss.EF05, ss.EF06):
                return SW_FILE_NOT_FOUND
            self._ef = fid
            return SW_OK
        return SW_BAD_P1P2

    def _read_record(self, number: int, p2: int, body: bytes) -> bytes:
        if p2 & 0x07 != 0x04:
            return SW_BAD_P1P2
        if self._ef is None:
            return SW_NO_EF
        if self._ef == ss.EF06 and self.protect_ef06:
            return SW_SECURITY
        record = self.records(self._ef).get(number)
        if record is None:
            return SW_RECORD_NOT_FOUND
        le = body[0] if len(body) == 1 else 0
        if le == 0 or le == len(record):
            return record + SW_OK
        return sw_wrong_le(len(record))  # T=0 style: "send it again with this Le"


@dataclass
class IdCardProfile:
    """A resident ID card on a PC/SC reader: a UID, nothing else without a SAM."""

    uid: bytes = bytes.fromhex("0102030405060708")
    atr: bytes = field(default_factory=lambda: with_tck(bytes.fromhex("3B888001") + bytes.fromhex("0000000000718100")))

    @classmethod
    def sample(cls) -> "IdCardProfile":
        return cls()

    def reset(self) -> None:
        pass

    def apdu(self, command: bytes) -> bytes:
        if command[:4] == b"\xff\xca\x00\x00":  # PC/SC part 3 GET DATA: UID
            return self.uid + SW_OK
        if len(command) >= 2 and command[1] == 0xA4:
            return SW_FILE_NOT_FOUND
        return SW_NO_INS
