"""sync/payments/checkout.py: the fee screen's phases follow from PayState, every move is listed, every phase
can end the session, and PAID is reached only through a flow that asked the gateway."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.payment import CHARGED, OPEN, PayState
from drivers.base import PaymentUnavailable
from sync.payments import AlreadyPaid, NoFeeDue, PaymentBusy
from sync.payments.checkout import BUSY, MOVES, Ending, IllegalPhase, Phase, after, can_move, check_move, failure

ENDINGS = st.sampled_from([Ending.EXPIRED, Ending.CANCELLED, Ending.REVERSED])


@given(st.sampled_from(PayState), st.booleans(), ENDINGS)
def test_the_phase_follows_the_order_state(state: PayState, polling: bool, ended: Ending) -> None:
    phase, why = after(state, polling=polling, ended=ended)
    if state in CHARGED:
        assert (phase, why) == (Phase.PAID, None)
    elif state == PayState.PAYERROR:
        assert (phase, why) == (Phase.FAILED, Ending.DECLINED)
    elif state in (PayState.CLOSED, PayState.REVOKED):
        assert (phase, why) == (Phase.FAILED, ended)
    else:  # still open (or refunded meanwhile): poll on, or say the outcome is not known yet
        assert (phase, why) == ((Phase.SHOWING, None) if polling else (Phase.OFFLINE, Ending.UNKNOWN))
    if state in OPEN and not polling:
        assert phase == Phase.OFFLINE  # never "paid", never "nothing paid", while the gateway may still charge


@given(st.sampled_from(Phase), st.sampled_from(Phase))
def test_moves_are_listed_once_and_every_phase_ends_the_session(src: Phase, dst: Phase) -> None:
    assert can_move(src, Phase.IDLE)
    if can_move(src, dst):
        check_move(src, dst)
    else:
        with pytest.raises(IllegalPhase):
            check_move(src, dst)


def test_the_shape_of_the_machine() -> None:
    assert set(MOVES) == set(Phase)
    into_paid = {src for src, dst in MOVES.items() if Phase.PAID in dst}
    assert into_paid == {Phase.STARTING, Phase.SHOWING, Phase.PAYING, Phase.CLOSING}  # each asked the gateway
    assert not can_move(Phase.IDLE, Phase.PAID) and not can_move(Phase.PAID, Phase.SHOWING)
    assert Phase.PAID not in BUSY and Phase.SHOWING in BUSY


def test_failures() -> None:
    assert failure(AlreadyPaid("x")) == (Phase.PAID, Ending.ALREADY)
    assert failure(NoFeeDue("refused")) == (Phase.FAILED, Ending.NOT_DUE)
    assert failure(PaymentUnavailable("down")) == (Phase.OFFLINE, Ending.UNAVAILABLE)
    assert failure(PaymentBusy("open order")) == (Phase.OFFLINE, Ending.UNAVAILABLE)
    assert failure(RuntimeError("?")) == (Phase.OFFLINE, Ending.UNKNOWN)
    assert failure(RuntimeError("?"), Ending.UNAVAILABLE) == (Phase.OFFLINE, Ending.UNAVAILABLE)
