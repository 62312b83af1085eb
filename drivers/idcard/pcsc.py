"""Thin PC/SC helpers over pyscard's `smartcard.scard` (the raw WinSCard API).

We use the raw API, not pyscard's Reader/CardConnection objects, for reading: those release their
context in `__del__` and raise there once pcscd has gone away (seen with pyscard 2.3.1), which turns a
pcscd restart into "Exception ignored in __del__" noise. Here every context is released explicitly.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from smartcard import scard as sc

PROTOCOLS = sc.SCARD_PROTOCOL_T0 | sc.SCARD_PROTOCOL_T1
SERVICE_GONE = {sc.SCARD_E_NO_SERVICE, sc.SCARD_E_SERVICE_STOPPED, sc.SCARD_F_COMM_ERROR,
                sc.SCARD_E_INVALID_HANDLE}
CARD_GONE = {sc.SCARD_W_REMOVED_CARD, sc.SCARD_E_NO_SMARTCARD, sc.SCARD_W_RESET_CARD,
             sc.SCARD_E_NOT_TRANSACTED, sc.SCARD_W_UNPOWERED_CARD, sc.SCARD_W_UNRESPONSIVE_CARD,
             sc.SCARD_E_READER_UNAVAILABLE, sc.SCARD_E_UNKNOWN_READER, sc.SCARD_E_PROTO_MISMATCH}
PNP = "\\\\?PnP?\\Notification"


def describe(hresult: int) -> str:
    return f"{sc.SCardGetErrorMessage(hresult)} (0x{hresult & 0xFFFFFFFF:08X})"


class PcscError(Exception):
    """A PC/SC call failed; `service_gone` when pcscd itself is not there (any more)."""

    def __init__(self, what: str, hresult: int) -> None:
        super().__init__(f"{what}: {describe(hresult)}")
        self.hresult = hresult

    @property
    def service_gone(self) -> bool:
        return self.hresult in SERVICE_GONE

    @property
    def card_gone(self) -> bool:
        return self.hresult in CARD_GONE


@contextmanager
def context() -> Iterator[int]:
    """An established PC/SC context, always released."""
    hresult, ctx = sc.SCardEstablishContext(sc.SCARD_SCOPE_USER)
    if hresult != sc.SCARD_S_SUCCESS:
        raise PcscError("SCardEstablishContext", hresult)
    try:
        yield ctx
    finally:
        sc.SCardReleaseContext(ctx)  # the result does not matter: the daemon may be gone


def list_readers(ctx: int) -> list[str]:
    hresult, readers = sc.SCardListReaders(ctx, [])
    if hresult == sc.SCARD_E_NO_READERS_AVAILABLE:
        return []
    if hresult != sc.SCARD_S_SUCCESS:
        raise PcscError("SCardListReaders", hresult)
    return list(readers)


def poll(ctx: int) -> tuple[list[str], dict[str, bytes]]:
    """(every reader, {reader: ATR} of those holding a powered-up-able card) right now, without waiting."""
    readers = list_readers(ctx)
    if not readers:
        return [], {}
    hresult, states = sc.SCardGetStatusChange(ctx, 0, [(r, sc.SCARD_STATE_UNAWARE) for r in readers])
    if hresult not in (sc.SCARD_S_SUCCESS, sc.SCARD_E_TIMEOUT):
        raise PcscError("SCardGetStatusChange", hresult)
    cards = {}
    for name, state, atr in states:
        if state & sc.SCARD_STATE_PRESENT and not state & sc.SCARD_STATE_MUTE:
            cards[name] = bytes(atr)
    return readers, cards


def poll_cards() -> tuple[list[str], dict[str, bytes]]:
    """`poll` in a context of its own."""
    with context() as ctx:
        return poll(ctx)


def context_is_valid(ctx: int | None) -> bool:
    return ctx is not None and sc.SCardIsValidContext(ctx) == sc.SCARD_S_SUCCESS


@dataclass
class Card:
    """A connected card: `transmit` APDUs. Use `connect()` as a context manager."""

    handle: int
    protocol: int
    reader: str

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        """-> (data, SW1SW2)."""
        hresult, response = sc.SCardTransmit(self.handle, self.protocol, list(apdu))
        if hresult != sc.SCARD_S_SUCCESS:
            raise PcscError(f"SCardTransmit {bytes(apdu[:4]).hex(' ')}", hresult)
        if len(response) < 2:
            raise PcscError("SCardTransmit: answer without status word", sc.SCARD_E_NOT_TRANSACTED)
        return bytes(response[:-2]), (response[-2] << 8) | response[-1]


@contextmanager
def connect(reader: str) -> Iterator[Card]:
    """Connect (shared, T=0 or T=1) to the card in `reader`; disconnect and release on the way out."""
    with context() as ctx:
        hresult, handle, protocol = sc.SCardConnect(ctx, reader, sc.SCARD_SHARE_SHARED, PROTOCOLS)
        if hresult != sc.SCARD_S_SUCCESS:
            raise PcscError(f"SCardConnect {reader}", hresult)
        try:
            yield Card(handle, protocol, reader)
        finally:
            sc.SCardDisconnect(handle, sc.SCARD_LEAVE_CARD)
