"""Registration codes (登记赋码): issued offline by a kiosk, unique network-wide, with a check digit.

Layout, 20 digits:  RRRRRR DDD YYMMDD SSSS C
  R region code (GB/T 2260, 6 digits)   D device number within the region (000 = web channel)
  YYMMDD issue date                      S per-device daily sequence        C check digit
The check digit is ISO 7064 MOD 11,10 (a hybrid system: always a digit, catches every single-digit
error and every adjacent transposition), so a code typed on a keypad is checked before any lookup.
"""
from __future__ import annotations

import re
from datetime import date

LENGTH = 20
_SHAPE = re.compile(r"^\d{20}$")


class InvalidCode(ValueError):
    """Not a registration code."""


def mod11_10(digits: str) -> str:
    p = 10
    for ch in digits:
        s = (p + int(ch)) % 10 or 10
        p = (2 * s) % 11
    return str((11 - p) % 10)


def make(region: str, device: int, day: date, seq: int) -> str:
    if not (len(region) == 6 and region.isdigit()):
        raise ValueError("region code has 6 digits")
    if not 0 <= device <= 999:
        raise ValueError("device number is 0..999")
    if not 1 <= seq <= 9999:
        raise ValueError("daily sequence is 1..9999")
    body = f"{region}{device:03d}{day:%y%m%d}{seq:04d}"
    return body + mod11_10(body)


def normalise(text: str) -> str:
    """Strip spaces and dashes a person or a QR may add."""
    return re.sub(r"[\s\-]", "", text)


def validate(text: str) -> str:
    code = normalise(text)
    if not _SHAPE.match(code):
        raise InvalidCode("a registration code has 20 digits")
    if mod11_10(code[:-1]) != code[-1]:
        raise InvalidCode("the check digit of the registration code is wrong")
    return code


def is_valid(text: str) -> bool:
    try:
        validate(text)
    except InvalidCode:
        return False
    return True


def pretty(code: str) -> str:
    """Group for reading aloud: 440105 001 261126 0001 7."""
    return f"{code[:6]} {code[6:9]} {code[9:15]} {code[15:19]} {code[19:]}"
