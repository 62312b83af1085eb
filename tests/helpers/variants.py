"""How a resident, a browser or a scanner may write a valid identifier: hypothesis strategies.

`valid_values[kind]` draws a canonical value of a kind; `spelled(value)` draws the same value written with any
mix of full-width digits and letters, Arabic-Indic digits, U+3000 ideographic spaces and lower-case letters.
`foreign(text)` says whether a spelling holds characters no canonical form may take (the Arabic-Indic digits).
"""
from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from domain import creditcode, idnumber, regcode

ARABIC_INDIC = (0x0660, 0x06F0)  # ٠..٩ and the extended ۰..۹


def _id_number(draw: st.DrawFn) -> str:
    region = draw(st.sampled_from(["110105", "440105", "440117", "510104"]))
    birth = draw(st.dates(date(1900, 1, 1), date(2025, 12, 31)))
    first17 = f"{region}{birth:%Y%m%d}{draw(st.integers(0, 999)):03d}"
    return first17 + idnumber.check_char(first17)


def _code(draw: st.DrawFn) -> str:
    return regcode.make(draw(st.sampled_from(["440105", "440117"])), draw(st.integers(0, 999)),
                      draw(st.dates(date(2020, 1, 1), date(2030, 12, 31))), draw(st.integers(1, 9999)))


def _phone(draw: st.DrawFn) -> str:
    return "1" + draw(st.sampled_from("3456789")) + "".join(draw(st.lists(st.sampled_from("0123456789"),
                                                                          min_size=9, max_size=9)))


def _credit(draw: st.DrawFn) -> str:
    alpha = creditcode.ALPHABET
    head = draw(st.sampled_from("159Y")) + draw(st.sampled_from("123"))
    region = draw(st.sampled_from(["440105", "110000", "310000"]))
    org = "".join(draw(st.lists(st.sampled_from(alpha), min_size=9, max_size=9)))
    first17 = head + region + org
    return first17 + creditcode.check_char(first17)


valid_values = {
    "id_number": st.composite(_id_number)(),
    "code": st.composite(_code)(),
    "phone": st.composite(_phone)(),
    "credit_code": st.composite(_credit)(),
}


def _spell_char(ch: str, how: str) -> str:
    if how == "fullwidth" and ("0" <= ch <= "9" or "A" <= ch <= "Z"):
        return chr(ord(ch) + 0xFEE0)
    if how == "arabic" and "0" <= ch <= "9":
        return chr(ARABIC_INDIC[0] + int(ch))
    if how == "extended" and "0" <= ch <= "9":
        return chr(ARABIC_INDIC[1] + int(ch))
    if how == "lower":
        return ch.lower()
    if how == "space":
        return ch + "\u3000"
    return ch


@st.composite
def spelled(draw: st.DrawFn, value: str) -> str:
    hows = draw(st.lists(st.sampled_from(["ascii", "fullwidth", "arabic", "extended", "lower", "space"]),
                         min_size=len(value), max_size=len(value)))
    return "".join(_spell_char(ch, how) for ch, how in zip(value, hows, strict=True))


def foreign(text: str) -> bool:
    return any(ARABIC_INDIC[0] <= ord(ch) <= ARABIC_INDIC[0] + 9 or ARABIC_INDIC[1] <= ord(ch) <= ARABIC_INDIC[1] + 9
               for ch in text)


# staff ids (domain/staffid.py): a letter or a digit, then letters, digits, . _ - (case kept)
staff_ids = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,20}", fullmatch=True)


@st.composite
def staff_spelled(draw: st.DrawFn, value: str) -> str:
    """A staff id as a person may type it: any character full-width, whitespace (U+3000 too) around it."""
    wide = draw(st.lists(st.booleans(), min_size=len(value), max_size=len(value)))
    inner = "".join(chr(ord(ch) + 0xFEE0) if w else ch for ch, w in zip(value, wide, strict=True))
    pad = st.text(st.sampled_from(" \u3000\t"), max_size=2)
    return draw(pad) + inner + draw(pad)
