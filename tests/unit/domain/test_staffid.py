"""Staff ids (domain/staffid.py): every spelling a person may type of a valid id becomes that id; anything else is
refused with a reason and a message; whatever comes out is canonical."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain import canonical, staffid
from tests.helpers.variants import ARABIC_INDIC, staff_ids, staff_spelled


@given(staff_ids.flatmap(lambda v: st.tuples(st.just(v), staff_spelled(v))))
def test_every_spelling_of_a_staff_id_is_that_id(pair: tuple[str, str]) -> None:
    value, text = pair
    assert staffid.validate(text) == value and staffid.is_valid(value)


@given(st.one_of(st.text(), st.text(st.sampled_from("Ss0１２-－_.\u3000 \t王ٱ٠aＡ")), st.binary().map(str)))
def test_any_text_is_canonical_or_refused_with_a_reason(text: str) -> None:
    try:
        out = staffid.validate(text)
    except staffid.InvalidStaffId as refused:
        assert refused.reason in (canonical.CHARS, canonical.LENGTH) and str(refused)
        assert not staffid.is_canonical(text)
    else:
        assert out.isascii() and staffid.validate(out) == out and 1 <= len(out) <= staffid.MAX
        assert out.strip() == out and " " not in out
        assert staffid.is_canonical(out) and staffid.is_canonical(text) == (text == out)


@pytest.mark.parametrize(("text", "want"), [
    ("S001", "S001"), ("Ｓ００１", "S001"), ("\u3000S001 ", "S001"), ("s001", "s001"), ("DIST－ADMIN", "DIST-ADMIN"),
    ("ｃｏｕｎｔｅｒ", "counter"), ("window.01", "window.01"), ("A" * 64, "A" * 64)])
def test_typed_spellings(text: str, want: str) -> None:
    assert staffid.validate(text) == want


@pytest.mark.parametrize(("text", "reason", "shown"), [
    ("", canonical.LENGTH, "1 to 64"), ("\u3000", canonical.LENGTH, "1 to 64"), ("A" * 65, canonical.LENGTH, "64"),
    ("S 001", canonical.CHARS, "U+0020"), ("S００１王", canonical.CHARS, "U+738B"),
    ("S" + chr(ARABIC_INDIC[0] + 1), canonical.CHARS, "U+0661"), ("-S001", canonical.CHARS, "begins"),
    ("S001\n2", canonical.CHARS, "U+000A")])
def test_refusals_say_why(text: str, reason: str, shown: str) -> None:
    with pytest.raises(staffid.InvalidStaffId, match=shown.replace("+", "\\+")) as refused:
        staffid.validate(text)
    assert refused.value.reason == reason


def test_empty_is_nobody_only_where_it_may_be() -> None:
    assert staffid.optional("") == "" and staffid.optional("S001") == "S001"
    with pytest.raises(staffid.InvalidStaffId):
        staffid.optional(" ")
    with pytest.raises(staffid.InvalidStaffId):
        staffid.validate(None)  # type: ignore[arg-type]  # not text is refused too
