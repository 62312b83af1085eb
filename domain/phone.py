"""Mainland mobile numbers (11 digits, starting with 1), as typed on a keypad or a web form."""
from __future__ import annotations

from domain import canonical

DIGITS = "0123456789"
LENGTH = 11


class InvalidPhone(canonical.Invalid):
    """Not a mainland mobile number (`reason`: domain.canonical.REASONS)."""


def compact(text: str) -> str:
    """The canonical form: NFKC, no spaces or hyphens, without a +86 / 0086 country prefix; InvalidPhone (reason
    CHARS) for anything but the digits 0-9 after that."""
    value = canonical.compact(text, InvalidPhone, DIGITS + "+")
    for prefix in ("+86", "0086"):
        if value.startswith(prefix) and len(value) == len(prefix) + LENGTH:
            value = value[len(prefix):]
    if "+" in value:
        raise InvalidPhone("a mobile number has only digits (and an optional +86 in front)", canonical.CHARS)
    return value


def validate(text: str) -> str:
    """The canonical mobile number, or InvalidPhone."""
    value = compact(text)
    if len(value) != LENGTH or value[0] != "1":
        raise InvalidPhone("a mobile number has 11 digits and starts with 1", canonical.LENGTH)
    return value


is_valid = canonical.predicate(validate)


def mask(phone: str) -> str:
    """138****8000: the first three and the last four stay."""
    return phone[:3] + "****" + phone[-4:] if len(phone) == LENGTH else phone
