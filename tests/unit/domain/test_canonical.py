"""One canonical form per identifier kind: any spelling of a valid value is canonicalised to it, or refused
with the CHARS reason and a message; nothing else gets through (domain/canonical.py)."""
from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain import canonical, creditcode, idnumber, phone, regcode, wire
from tests.helpers.variants import foreign, spelled, valid_values

VALIDATE: dict[str, Callable[[str], str]] = {
    "id_number": idnumber.validate, "code": regcode.validate, "phone": phone.validate,
    "credit_code": creditcode.validate,
}


@st.composite
def kind_value_spelling(draw: st.DrawFn) -> tuple[str, str, str]:
    kind = draw(st.sampled_from(sorted(VALIDATE)))
    value = draw(valid_values[kind])
    return kind, value, draw(spelled(value))


@given(kind_value_spelling())
def test_every_spelling_is_canonicalised_or_refused_with_a_message(case: tuple[str, str, str]) -> None:
    kind, value, text = case
    if foreign(text):
        with pytest.raises(canonical.Invalid) as refused:
            VALIDATE[kind](text)
        assert refused.value.reason == canonical.CHARS and "U+06" in str(refused.value)
    else:
        out = VALIDATE[kind](text)
        assert out == value and out.isascii()


@given(valid_values["id_number"].flatmap(lambda v: st.tuples(st.just(v), spelled(v))))
def test_person_hash_sees_only_the_canonical_number(pair: tuple[str, str]) -> None:
    value, text = pair
    if foreign(text):
        with pytest.raises(idnumber.InvalidIdNumber):
            wire.person_hash("k", text)
    else:
        assert wire.person_hash("k", text) == wire.person_hash("k", value)


def test_person_hash_is_hmac_sha256_under_each_key() -> None:
    import hashlib
    import hmac

    number = "11010519491231002X"
    for key in ("k", "另一把钥匙", "k"):  # the keyed HMAC is kept per key and copied: no key leaks into another
        assert wire.person_hash(key, number) == hmac.new(key.encode(), number.encode(), hashlib.sha256).hexdigest()
    assert wire.person_hash("k", number) != wire.person_hash("k2", number)


@pytest.mark.parametrize("text", ["１１０１０５１９４９１２３１００２X", "11010519491231002ｘ",
                                  "110105\u300019491231002x", "110105-19491231-002X"])
def test_the_reported_spellings_become_ascii(text: str) -> None:
    assert idnumber.validate(text) == "11010519491231002X"


def test_arabic_indic_digits_are_refused_not_read() -> None:
    arabic = "".join(chr(0x660 + int(d)) for d in "11010519491231002") + "X"
    with pytest.raises(idnumber.InvalidIdNumber, match="U\\+0661") as refused:
        idnumber.validate(arabic)
    assert refused.value.reason == canonical.CHARS
    code = regcode.make("440105", 1, __import__("datetime").date(2026, 11, 26), 1)
    with pytest.raises(regcode.InvalidCode):
        regcode.validate("".join(chr(0x660 + int(d)) for d in code))


def test_credit_code_check_character() -> None:
    assert creditcode.validate("91350100m000100y43") == "91350100M000100Y43"
    assert creditcode.validate("9144 0300 7152 6726 XG") == "9144030071526726XG"
    with pytest.raises(creditcode.InvalidCreditCode) as wrong:
        creditcode.validate("91350100M000100Y44")
    assert wrong.value.reason == canonical.CHECK
    with pytest.raises(creditcode.InvalidCreditCode) as letter:
        creditcode.validate("91350100M000100I43")  # I is not in the alphabet (nor O, Z, S, V)
    assert letter.value.reason == canonical.CHARS


@given(st.text(alphabet=creditcode.ALPHABET, min_size=17, max_size=17))
def test_credit_code_catches_every_single_substitution(first17: str) -> None:
    code = first17 + creditcode.check_char(first17)
    for i in range(18):
        for other in creditcode.ALPHABET[:5]:
            if other != code[i]:
                changed = code[:i] + other + code[i + 1:]
                if changed[2:8].isdigit():
                    assert not creditcode.is_valid(changed)


def test_phone_forms() -> None:
    assert phone.validate("+86 138-0013-8000") == "13800138000"
    assert phone.validate("１３８００１３８０００") == "13800138000"
    with pytest.raises(phone.InvalidPhone):
        phone.validate("23800138000")
    with pytest.raises(phone.InvalidPhone):
        phone.validate("138+0013800")


ALPHABETS = ["0123456789", "0123456789X", "0123456789+", creditcode.ALPHABET, "0123456789Xx-"]
# ASCII (every separator str.split() knows, lower case, the alphabets), what NFKC folds (full-width, U+3000,
# ligatures), other digits and anything else
NEAR = st.sampled_from("0123456789Xx+- \t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u3000０９Ｘｘ＋－ﬁ\u0660\u0661ǅ")
TEXTS = st.one_of(st.text(NEAR), st.text(st.characters(max_codepoint=127)), st.text(), st.binary().map(str))


def _outcome(fn: Callable[[str, type[canonical.Invalid], str], str], text: object, alphabet: str) -> tuple[str, str]:
    try:
        return "ok", fn(text, canonical.Invalid, alphabet)  # type: ignore[arg-type]  # not text is refused too
    except canonical.Invalid as refused:
        return refused.reason, str(refused)


@given(TEXTS, st.sampled_from(ALPHABETS))
def test_the_fast_path_agrees_with_the_full_path(text: str, alphabet: str) -> None:
    assert _outcome(canonical.compact, text, alphabet) == _outcome(canonical.compact_full, text, alphabet)
    assert _outcome(canonical.compact, text.upper(), alphabet) == _outcome(canonical.compact_full, text.upper(), alphabet)


@pytest.mark.parametrize("text", [None, 18, b"11010519491231002X"])
def test_what_is_not_text_is_refused_either_way(text: object) -> None:
    assert _outcome(canonical.compact, text, "0123456789") == ("chars", "not text")
