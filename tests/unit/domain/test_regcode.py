from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain import regcode


def test_make_and_validate():
    code = regcode.make("440105", 1, date(2026, 11, 26), 7)
    assert len(code) == 20 and code.startswith("440105001261126" "0007")
    assert regcode.validate(code) == code
    assert regcode.validate(regcode.pretty(code)) == code


@given(st.integers(0, 999), st.integers(1, 9999), st.integers(0, 19), st.integers(1, 9))
def test_every_single_digit_error_is_caught(device, seq, pos, delta):
    code = regcode.make("440105", device, date(2026, 1, 2), seq)
    wrong = code[:pos] + str((int(code[pos]) + delta) % 10) + code[pos + 1:]
    assert not regcode.is_valid(wrong)


@given(st.integers(0, 999), st.integers(1, 9999), st.integers(0, 18))
def test_adjacent_transpositions_are_caught(device, seq, pos):
    code = regcode.make("440105", device, date(2026, 1, 2), seq)
    if code[pos] == code[pos + 1]:
        return
    swapped = code[:pos] + code[pos + 1] + code[pos] + code[pos + 2:]
    assert not regcode.is_valid(swapped)


def test_bad_inputs():
    with pytest.raises(regcode.InvalidCode):
        regcode.validate("12345")
    with pytest.raises(ValueError):
        regcode.make("4401", 1, date(2026, 1, 1), 1)


def test_the_web_channels_device_numbers() -> None:
    day = date(2026, 11, 26)
    assert regcode.is_web(regcode.make("440105", 0, day, 1)) and regcode.is_web(regcode.make("440105", 950, day, 9999))
    assert not regcode.is_web(regcode.make("440105", regcode.KIOSK_MAX, day, 1))
    assert not regcode.is_web("4401050001") and not regcode.is_web("440105ABC2611260001" + "0")
