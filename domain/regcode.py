"""Registration codes (登记赋码): issued offline by a kiosk, unique network-wide, with a check digit.

Layout, 20 digits:  RRRRRR DDD YYMMDD SSSS C
  R region code (GB/T 2260, 6 digits)   D device number within the region (000 = web channel)
  YYMMDD issue date                      S per-device daily sequence        C check digit
The check digit is Damm's (a totally anti-symmetric quasigroup of order 10): always a digit, and it
catches every single-digit error and every adjacent transposition, so a code typed on a keypad is checked
before any lookup. (ISO 7064 MOD 11,10 was tried first: it misses some adjacent transpositions.)
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache

from domain import canonical

LENGTH = 20
# Device numbers of a region: kiosks get 001..899 at enrollment; the web channel issues under 000 and, past
# 9,999 cases a day, under 999, 998, ... 900 (servicenet/webchannel/regseq.py), so no code is a kiosk's.
KIOSK_MAX = 899
WEB_DEVICES = (0, *range(999, KIOSK_MAX, -1))
MAX_SEQ = 9999
DIGITS = "0123456789"


class InvalidCode(canonical.Invalid):
    """Not a registration code (`reason`: domain.canonical.REASONS)."""


_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)


def check_digit(digits: str) -> str:
    if not (digits.isascii() and (digits.isdigit() or not digits)):  # ASCII isdigit() is exactly 0-9
        raise InvalidCode("a registration code has only the digits 0-9", canonical.CHARS)
    return str(_damm(0, digits))


def _damm(interim: int, digits: str) -> int:
    """Damm's interim digit after `digits` (ASCII 0-9), going on from `interim`: the check digit at the end."""
    for byte in digits.encode("ascii"):
        interim = _DAMM[interim][byte - 48]
    return interim


def make(region: str, device: int, day: date, seq: int) -> str:
    if not 1 <= seq <= 9999:
        raise ValueError("daily sequence is 1..9999")
    prefix, interim = _prefix(region, device, day)
    tail = f"{seq:04d}"
    return f"{prefix}{tail}{_damm(interim, tail)}"


def day_and_seq(code: str) -> tuple[str, int]:
    """A code's issue day (ISO, this century: it orders as text) and its daily sequence."""
    return f"20{code[9:11]}-{code[11:13]}-{code[13:15]}", int(code[15:19])


@lru_cache(maxsize=64)
def _prefix(region: str, device: int, day: date) -> tuple[str, int]:
    """A day's codes share region + device + YYMMDD: that part and Damm's interim digit after it, made once."""
    if not (len(region) == 6 and region.isdigit()):
        raise ValueError("region code has 6 digits")
    if not 0 <= device <= 999:
        raise ValueError("device number is 0..999")
    prefix = f"{region}{device:03d}{day.year % 100:02d}{day.month:02d}{day.day:02d}"  # %y%m%d
    return prefix, int(check_digit(prefix))  # refuses anything but ASCII digits


def compact(text: str) -> str:
    """The canonical form: NFKC, without the spaces and hyphens a person or a QR may add; InvalidCode (reason
    CHARS) for anything but the digits 0-9 after that."""
    return canonical.compact(text, InvalidCode, DIGITS)


def validate(text: str) -> str:
    """The canonical code, or InvalidCode."""
    code = compact(text)
    if len(code) != LENGTH:
        raise InvalidCode("a registration code has 20 digits", canonical.LENGTH)
    if check_digit(code[:-1]) != code[-1]:
        raise InvalidCode("the check digit of the registration code is wrong", canonical.CHECK)
    return code


is_valid = canonical.predicate(validate)


def pretty(code: str) -> str:
    """Group for reading aloud: 440105 001 261126 0001 7."""
    return f"{code[:6]} {code[6:9]} {code[9:15]} {code[15:19]} {code[19:]}"


def is_web(code: str) -> bool:
    """Issued by the web channel (its device numbers, WEB_DEVICES), not by a kiosk."""
    return len(code) == LENGTH and code[6:9].isdigit() and int(code[6:9]) in WEB_DEVICES
