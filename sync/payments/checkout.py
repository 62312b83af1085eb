"""The fee screen's one state machine: its phases, their allowed moves, and how an order's PayState decides
the phase. No Qt: kiosk/viewmodels/payment.py only runs the calls (PaymentDesk) and words the outcome.

    IDLE ─▶ STARTING ─▶ SHOWING (QR, polling) ─▶ PAID ─▶ CLOSING ─▶ IDLE (the receipt)
                 │          │  ╲─ scan ─▶ PAYING ─▶ PAID | FAILED | OFFLINE
                 │          ╰─ timeout / cancel ─▶ CLOSING ─▶ PAID | FAILED | OFFLINE
                 ╰─▶ OFFLINE (no gateway) ─ retry ▶ STARTING;  FAILED | OFFLINE ─ pay later ▶ CLOSING

A phase follows from the order's PayState (`after`): SUCCESS is PAID; PAYERROR, CLOSED and REVOKED are FAILED
(nothing paid); an order still open is SHOWING while the QR is up, else OFFLINE with the outcome unknown
(reconcile settles it later). Every session ends in IDLE (home, idle wipe), from any phase.
"""
from __future__ import annotations

from enum import Enum

from domain.payment import CHARGED, PayState
from drivers.base import PaymentUnavailable
from sync.payments.books import AlreadyPaid, NoFeeDue, PaymentBusy


class Phase(str, Enum):
    IDLE = ""  # no fee on screen
    STARTING = "starting"  # the due is recorded and the QR order is being made
    SHOWING = "showing"  # the QR is up (NOTPAY / USERPAYING), polled with backoff, a countdown runs
    PAYING = "paying"  # a payment code is being charged (USERPAYING waits for the payer's password)
    CLOSING = "closing"  # the order is being closed, or the receipt annotated
    PAID = "paid"  # SUCCESS: on to the receipt
    FAILED = "failed"  # PAYERROR, CLOSED, REVOKED: nothing was paid; try again or pay later
    OFFLINE = "offline"  # the gateway is out of reach, or the outcome is unknown: pay later


class Ending(Enum):
    """Why a flow stopped short of PAID (the view-model words each one)."""

    DECLINED = "declined"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    REVERSED = "reversed"
    UNAVAILABLE = "unavailable"
    UNKNOWN = "unknown"
    ALREADY = "already"  # paid already (another attempt or channel): counts as PAID
    NOT_DUE = "not_due"  # the office refused the case: no fee is due


BUSY = frozenset({Phase.STARTING, Phase.SHOWING, Phase.PAYING, Phase.CLOSING})  # an order is in flight
LIVE = frozenset({Phase.SHOWING, Phase.PAYING})  # a countdown runs and the resident can cancel
RETRYABLE = frozenset({Phase.FAILED, Phase.OFFLINE})
OUTCOMES = frozenset({Phase.PAID, Phase.FAILED, Phase.OFFLINE})

MOVES: dict[Phase, frozenset[Phase]] = {
    Phase.IDLE: frozenset({Phase.STARTING}),
    Phase.STARTING: frozenset({Phase.SHOWING}) | OUTCOMES,
    Phase.SHOWING: frozenset({Phase.PAYING, Phase.CLOSING}) | OUTCOMES,
    Phase.PAYING: OUTCOMES,
    Phase.CLOSING: OUTCOMES,
    Phase.PAID: frozenset({Phase.CLOSING}),
    Phase.FAILED: frozenset({Phase.STARTING, Phase.PAYING, Phase.CLOSING}),
    Phase.OFFLINE: frozenset({Phase.STARTING, Phase.PAYING, Phase.CLOSING}),
}


class IllegalPhase(ValueError):
    """A move MOVES does not list."""


def can_move(src: Phase, dst: Phase) -> bool:
    return dst == Phase.IDLE or dst in MOVES[src]  # a session may end anywhere


def check_move(src: Phase, dst: Phase) -> None:
    if not can_move(src, dst):
        raise IllegalPhase(f"fee screen {src.name} -> {dst.name} is not allowed")


def after(state: PayState, *, polling: bool, ended: Ending) -> tuple[Phase, Ending | None]:
    """The phase an order in `state` leads to. `polling`: the QR is up and the order may still be paid;
    `ended`: why a closed or reversed order ended (expired, cancelled, reversed)."""
    if state in CHARGED:
        return Phase.PAID, None
    if state == PayState.PAYERROR:
        return Phase.FAILED, Ending.DECLINED
    if state in (PayState.CLOSED, PayState.REVOKED):
        return Phase.FAILED, ended
    if polling:
        return Phase.SHOWING, None
    return Phase.OFFLINE, Ending.UNKNOWN  # the close or reverse is pending: reconcile settles it


EXPECTED = (AlreadyPaid, PaymentUnavailable, PaymentBusy, NoFeeDue)  # what a payment call raises in the normal course


def failure(exc: BaseException, otherwise: Ending = Ending.UNKNOWN) -> tuple[Phase, Ending]:
    """The phase after a call raised: paid already, the gateway out of reach, or `otherwise`."""
    if isinstance(exc, AlreadyPaid):
        return Phase.PAID, Ending.ALREADY
    if isinstance(exc, NoFeeDue):
        return Phase.FAILED, Ending.NOT_DUE
    if isinstance(exc, (PaymentUnavailable, PaymentBusy)):
        return Phase.OFFLINE, Ending.UNAVAILABLE
    return Phase.OFFLINE, otherwise
