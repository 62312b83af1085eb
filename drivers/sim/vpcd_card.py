"""A smart card for the real pcscd + vsmartcard-vpcd reader: a TCP client that speaks vpcd frames.

vpcd (the reader driver inside pcscd) listens on 127.0.0.1:35963 for reader "Virtual PCD 00 00". A
card connects to it; connected = inserted, closed = removed. Frames both ways: 2-byte big-endian length +
payload. From the reader, a 1-byte payload is a control (00 power off, 01 power on, 02 reset, 04 ATR:
answer the ATR); anything longer is a C-APDU, answered with the R-APDU.

    with VpcdCard(SsCardProfile.sample()) as card:   # not inserted yet
        card.insert()          # connects (and reconnects, like a card left in the slot, if pcscd restarts)
        card.remove()          # closes
        card.pull_after(3)     # the card is pulled out when the 3rd APDU from now arrives (mid-read)

`python -m drivers.sim.vpcd_card [--id-card] [--port 35963]` inserts a sample card until Ctrl-C.
"""
from __future__ import annotations

import argparse
import logging
import socket
import threading
from typing import Protocol

from drivers.base import ClosedOnExit
from drivers.sim.card_profiles import IdCardProfile, SsCardProfile
from drivers.sim.relay import hang_up

log = logging.getLogger(__name__)

VPCD_PORT = 35963
CTRL_OFF, CTRL_ON, CTRL_RESET, CTRL_ATR = 0, 1, 2, 4


class CardProfile(Protocol):
    """What a simulated card does: its ATR, a reset, and one answer per APDU."""

    atr: bytes

    def reset(self) -> None: ...

    def apdu(self, command: bytes) -> bytes: ...


def _recv_exact(sock: socket.socket, size: int) -> bytes | None:
    out = bytearray()
    while len(out) < size:
        chunk = sock.recv(size - len(out))
        if not chunk:
            return None
        out += chunk
    # vpcd writes the length and the payload in two send()s: ACK at once, or Nagle on its side waits
    # for our delayed ACK (40 ms per APDU). TCP_QUICKACK is not sticky, so set it after every read.
    if hasattr(socket, "TCP_QUICKACK"):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
    return bytes(out)


class VpcdCard(ClosedOnExit):
    """One card for one vpcd reader slot (port). Thread-safe control: insert / remove / swap / pull_after."""

    def __init__(self, profile: CardProfile | None = None, host: str = "127.0.0.1", port: int = VPCD_PORT,
                 *, retry_interval: float = 0.1) -> None:
        self.profile: CardProfile = profile if profile is not None else SsCardProfile.sample()
        self.host, self.port = host, port
        self._retry = retry_interval
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._sock: socket.socket | None = None
        self._pull_in: int | None = None
        self.connected = threading.Event()  # the reader has the card (TCP link up)
        self.apdus: list[bytes] = []  # every C-APDU received, in order
        self.connections = 0  # how many times the card was (re)connected

    @property
    def inserted(self) -> bool:
        """In the slot: false from the moment it is removed or pulled (before the reader sees the link close),
        not only once the card's thread has ended."""
        return self._thread is not None and self._thread.is_alive() and not self._stop.is_set()

    def insert(self, profile: CardProfile | None = None, wait: float = 5.0) -> None:
        """Put the card in the slot: connect to vpcd (keep retrying while it is in) and serve it.

        Waits up to `wait` seconds for the link; TimeoutError if vpcd (pcscd) is not there.
        """
        self.remove()
        if profile is not None:
            self.profile = profile
        self.profile.reset()
        self._stop = threading.Event()
        self.connected.clear()
        self._thread = threading.Thread(target=self._run, args=(self._stop,), daemon=True,
                                        name=f"vpcd-card:{self.port}")
        self._thread.start()
        if wait and not self.connected.wait(wait):
            raise TimeoutError(f"no vpcd reader on {self.host}:{self.port} (is pcscd running?)")

    def remove(self) -> None:
        """Take the card out: close the link and stop."""
        self._stop.set()
        self._close_sock()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None
        self.connected.clear()

    def pull_after(self, apdus: int) -> None:
        """Pull the card out when the `apdus`-th APDU from now arrives (it is not answered)."""
        with self._lock:
            self._pull_in = apdus

    def close(self) -> None:
        self.remove()

    # -- the link -----------------------------------------------------------------------------------

    def _close_sock(self) -> None:
        with self._lock:
            sock, self._sock = self._sock, None
        if sock is not None:
            hang_up(sock)
            sock.close()

    def _run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                sock = socket.create_connection((self.host, self.port), timeout=1.0)
            except OSError:
                stop.wait(self._retry)  # no reader (pcscd down or restarting): the card waits in the slot
                continue
            sock.settimeout(None)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                if stop.is_set():
                    sock.close()
                    return
                self._sock = sock
                self.connections += 1
            self.connected.set()
            try:
                self._serve(sock, stop)
            except OSError as exc:
                log.debug("vpcd link closed: %s", exc)
            finally:
                self.connected.clear()
                self._close_sock()
            if not stop.is_set():
                stop.wait(self._retry)  # pcscd went away with the card still in: reconnect when it is back

    def _serve(self, sock: socket.socket, stop: threading.Event) -> None:
        while not stop.is_set():
            head = _recv_exact(sock, 2)
            if head is None:
                return
            payload = _recv_exact(sock, int.from_bytes(head, "big"))
            if payload is None:
                return
            answer = self._answer(payload)
            if answer is _PULLED:
                stop.set()  # pulled out mid-command: the reader sees the card vanish
                return
            if answer is not None:
                sock.sendall(len(answer).to_bytes(2, "big") + answer)

    def _answer(self, payload: bytes) -> bytes | None:
        if len(payload) == 1:
            if payload[0] == CTRL_ATR:
                return self.profile.atr
            if payload[0] in (CTRL_OFF, CTRL_ON, CTRL_RESET):
                self.profile.reset()
                return None
            log.warning("unknown vpcd control byte %02x", payload[0])
            return None
        with self._lock:
            self.apdus.append(payload)
            if self._pull_in is not None:
                self._pull_in -= 1
                if self._pull_in <= 0:
                    self._pull_in = None
                    return _PULLED
        try:
            return self.profile.apdu(payload)
        except Exception:  # a bug in a profile must not look like a pulled card
            log.exception("card profile failed on %s", payload.hex(" "))
            return bytes.fromhex("6F00")


_PULLED = b"\x00pulled"  # a marker, compared by identity


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="a simulated card in the vpcd reader (pcscd must run)")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=VPCD_PORT)
    ap.add_argument("--id-card", action="store_true", help="a resident ID card instead of a social security card")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    profile: CardProfile = IdCardProfile.sample() if args.id_card else SsCardProfile.sample()
    with VpcdCard(profile, args.host, args.port) as card:
        card.insert(wait=0)
        try:  # from the ready line on, Ctrl-C (SIGINT) is a clean stop
            print(f"card in the vpcd reader on {args.host}:{args.port}", flush=True)
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
