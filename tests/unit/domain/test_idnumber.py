import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain import idnumber


def test_known_number_is_valid():
    # the GB 11643 worked example
    assert idnumber.validate("11010519491231002x") == "11010519491231002X"


def test_wrong_check_digit_is_refused():
    with pytest.raises(idnumber.InvalidIdNumber, match="check character"):
        idnumber.validate("110105194912310021")


@pytest.mark.parametrize("bad", ["", "1234", "11010519491231002Y", "110105194913310028"])
def test_malformed_numbers_are_refused(bad):
    assert not idnumber.is_valid(bad)


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_check_char_round_trip(first17):
    full = first17 + idnumber.check_char(first17)
    assert idnumber.check_char(full[:17]) == full[-1]
    for wrong in "0123456789X":
        if wrong != full[-1]:
            assert not idnumber.is_valid(first17 + wrong)


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_check_char_is_iso_7064_mod_11_2(first17):
    # the weights are 2^(17-i) mod 11; the check character makes the weighted sum of all 18 equal 1 mod 11
    total = sum(int(d) * pow(2, 17 - i, 11) for i, d in enumerate(first17))
    assert idnumber.check_char(first17) == "10X98765432"[total % 11]


@pytest.mark.parametrize("first17", ["1101051949123100", "110105194912310021", "1101051949123100X",
                                     "１１０１０５１９４９１２３１００２", "\u0661" * 17, "+1101051949123100"])
def test_check_char_needs_17_ascii_digits(first17):
    with pytest.raises(idnumber.InvalidIdNumber, match="17 digits"):
        idnumber.check_char(first17)


def test_mask_keeps_region_and_last_four():
    assert idnumber.mask("11010519491231002X") == "110105********002X"
