"""One canonical form for identifiers, whatever the channel they enter by (card, keypad, web form, API, scanner).

Every kind (ID number, registration code, phone number, credit code) has one `compact()` in its own module,
modelled on python-stdnum's: NFKC-normalise (full-width ０-９ and Ｘ become ASCII, U+3000 becomes a space),
drop the separators a person or a QR may add (spaces, ASCII hyphens), upper-case, and refuse anything that is
still not ASCII (Arabic-Indic digits, for instance, are digits to Python's `isdigit()` and `\\d`, but not to
us). `validate()` then checks the shape and the check character of the compact value. Hashes, keys and rows
only ever see what `validate()` returns.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache

# what each Invalid*'s `reason` can be; each channel words them (kiosk: kiosk/viewmodels/fields.py,
# web: servicenet/webchannel/forms.py), the domain only names them
CHARS = "chars"    # a character other than the kind's alphabet (after NFKC): e.g. Arabic-Indic digits
LENGTH = "length"  # the wrong number of characters
CHECK = "check"    # the check character does not hold
DATE = "date"      # (ID numbers) the birth date inside is not a date
REASONS = (CHARS, LENGTH, CHECK, DATE)


class Invalid(ValueError):
    """An identifier that cannot be made canonical, or is not valid; `reason` is one of REASONS."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


# what the full path drops from ASCII text: the hyphen and every ASCII character str.split() splits on
# (space, \t \n \v \f \r, and the separators \x1c-\x1f); NFKC leaves ASCII as it is
_ASCII_DROP = {ord(ch): None for ch in map(chr, range(128)) if ch.isspace() or ch == "-"}


@cache
def _ascii_forms(alphabet: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Two fullmatches: text that is already canonical (characters of `alphabet` that upper-casing and the
    separators leave as they are), and ASCII text whose every character, upper-cased, is in `alphabet`."""
    ascii_ = [chr(i) for i in range(128)]
    canonical = "".join(ch for ch in ascii_ if ch in alphabet and ch.upper() == ch and ord(ch) not in _ASCII_DROP)
    allowed = "".join(ch for ch in ascii_ if ch.upper() in alphabet)
    return re.compile(f"[{re.escape(canonical)}]*"), re.compile(f"[{re.escape(allowed)}]*")


def compact_full(text: str, error: type[Invalid], alphabet: str) -> str:
    """`compact` without its fast path (kept to test that both agree)."""
    if not isinstance(text, str):
        raise error("not text", CHARS)
    value = "".join(unicodedata.normalize("NFKC", text).split()).replace("-", "")
    bad = sorted({ch for ch in value if not ch.isascii() or ch.upper() not in alphabet})
    if bad:
        shown = ", ".join(f"U+{ord(ch):04X}" for ch in bad[:3])
        raise error(f"only the characters {alphabet!r} may be used, not {shown}", CHARS)
    return value.upper()


def compact(text: str, error: type[Invalid], alphabet: str) -> str:
    """NFKC, without whitespace and hyphens, upper-case; raise `error` (reason CHARS) for any character
    outside `alphabet` (ASCII only).

    Nearly every value arrives already canonical (a kiosk's cases, a card read): that is one fullmatch,
    returning the text as it is, and no NFKC; ASCII with separators or lower case is one translate and one
    fullmatch; anything else (full-width digits, U+3000, a refusal and its message) takes the full
    path, with the same result."""
    if type(text) is str and text.isascii():
        already, allowed = _ascii_forms(alphabet)
        if already.fullmatch(text):
            return text
        value = text.translate(_ASCII_DROP)
        if allowed.fullmatch(value):
            return value.upper()
    return compact_full(text, error, alphabet)


def predicate(validate: Callable[[str], str]) -> Callable[[str], bool]:
    """`is_valid` of a kind, from its `validate`."""

    def is_valid(text: str) -> bool:
        try:
            validate(text)
        except Invalid:
            return False
        return True

    return is_valid
