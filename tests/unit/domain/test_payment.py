"""domain.payment: the states, their moves and what each call does, checked over every path (hypothesis)."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.payment import (
    ALLOWED,
    CHARGED,
    FINAL,
    OPEN,
    IllegalPayment,
    PayState,
    Refused,
    Step,
    can_move,
    case_of,
    check_move,
    out_trade_no,
    step,
    yuan,
)


def test_every_state_and_step_is_decided() -> None:
    for state in PayState:
        for what in Step:
            try:
                after = step(state, what)
            except Refused as exc:
                assert exc.state is state and exc.code
            else:
                assert after == state or after in ALLOWED[state], (state, what, after)


def test_final_states_have_no_way_out_and_success_no_way_back() -> None:
    assert FINAL == {PayState.CLOSED, PayState.REVOKED, PayState.REFUND}
    assert not any(PayState.SUCCESS in ALLOWED[s] for s in PayState if s not in OPEN)
    assert not any(s in OPEN for s in ALLOWED[PayState.SUCCESS])
    with pytest.raises(IllegalPayment):
        check_move(PayState.CLOSED, PayState.SUCCESS)
    assert can_move(PayState.CLOSED, PayState.CLOSED)


def test_close_races_payment() -> None:
    assert step(PayState.NOTPAY, Step.CLOSE) == PayState.CLOSED
    with pytest.raises(Refused) as paid:
        step(PayState.SUCCESS, Step.CLOSE)
    assert paid.value.code == "ORDERPAID"
    with pytest.raises(Refused) as confirming:
        step(PayState.USERPAYING, Step.CLOSE)
    assert confirming.value.code == "USERPAYING"
    with pytest.raises(Refused):
        step(PayState.CLOSED, Step.PAID)  # the payer is too late: nothing is taken


def test_resending_a_call_is_harmless() -> None:
    assert step(PayState.CLOSED, Step.CLOSE) == PayState.CLOSED
    assert step(PayState.REVOKED, Step.REVERSE) == PayState.REVOKED
    assert step(PayState.REFUND, Step.REFUND) == PayState.REFUND


@given(st.lists(st.sampled_from(list(Step)), max_size=40))
def test_no_path_charges_an_order_twice_or_keeps_money_after_giving_up(path: list[Step]) -> None:
    state, money_in, money_out = PayState.NEW, 0, 0
    for what in path:
        try:
            after = step(state, what)
        except Refused:
            continue
        assert can_move(state, after)
        if after in CHARGED and state not in CHARGED:
            money_in += 1
        if state in CHARGED and after not in CHARGED:
            money_out += 1
            assert after in (PayState.REFUND, PayState.REVOKED)
        if state in FINAL:
            assert after == state
        state = after
    assert money_in <= 1 and money_out <= money_in
    assert (money_in - money_out == 1) == (state in CHARGED)


def test_order_numbers_and_money() -> None:
    no = out_trade_no("44010500126112600017", 3)
    assert no == "44010500126112600017K003" and case_of(no) == "44010500126112600017" and len(no) <= 32
    assert out_trade_no("44010500126112600017", 1, "W").endswith("W001")
    with pytest.raises(ValueError):
        out_trade_no("44010500126112600017", 0)
    assert (yuan(2000), yuan(5), yuan(123456), yuan(0)) == ("￥20.00", "￥0.05", "￥1234.56", "￥0.00")
