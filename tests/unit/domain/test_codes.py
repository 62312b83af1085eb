from datetime import date

from hypothesis import given, strategies as st
import pytest

from domain import codes


def test_make_and_validate():
    code = codes.make("440105", 1, date(2026, 11, 26), 7)
    assert len(code) == 20 and code.startswith("440105001261126" "0007")
    assert codes.validate(code) == code
    assert codes.validate(codes.pretty(code)) == code


@given(st.integers(0, 999), st.integers(1, 9999), st.integers(0, 19), st.integers(1, 9))
def test_every_single_digit_error_is_caught(device, seq, pos, delta):
    code = codes.make("440105", device, date(2026, 1, 2), seq)
    wrong = code[:pos] + str((int(code[pos]) + delta) % 10) + code[pos + 1:]
    assert not codes.is_valid(wrong)


@given(st.integers(0, 999), st.integers(1, 9999), st.integers(0, 18))
def test_adjacent_transpositions_are_caught(device, seq, pos):
    code = codes.make("440105", device, date(2026, 1, 2), seq)
    if code[pos] == code[pos + 1]:
        return
    swapped = code[:pos] + code[pos + 1] + code[pos] + code[pos + 2:]
    assert not codes.is_valid(swapped)


def test_bad_inputs():
    with pytest.raises(codes.InvalidCode):
        codes.validate("12345")
    with pytest.raises(ValueError):
        codes.make("4401", 1, date(2026, 1, 1), 1)
