"""SocialSecurityCardReader: the 社会保障卡 in a PC/SC reader, through pcscd (drivers.base.CardReader).

    reader = SocialSecurityCardReader("Virtual PCD 00 00")   # or "" = any reader that holds a card
    person = reader.read_person(timeout=5)                   # the same Person as the ID card reader gives
    data = reader.read_card(timeout=5)                       # + card number, card ID, version, dates
    reader.subscribe(lambda event: ...)                      # card in / out (drivers.idcard.pcscmon)

The APDUs and the records are in drivers.idcard.ssapdu; insert/remove events and the pcscd watchdog in
drivers.idcard.pcscmon. Each read opens its own PC/SC context, so a pcscd restart between two reads
costs nothing; a card pulled out mid-read is a CardReadError (SS_CARD_REMOVED) and the next read works.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Protocol

from domain.models import Person
from drivers.base import (
    CardReadError,
    ClosedOnExit,
    Condition,
    DeviceStatus,
    DeviceUnavailable,
    InvalidCard,
    NoCard,
)
from drivers.idcard import pcsc
from drivers.idcard import ssapdu as ss
from drivers.idcard.messages import (
    NOT_SS_CARD,
    PUT_SS_CARD,
    SS_CARD_REMOVED,
    SS_PROTECTED,
    SS_READER_NOT_CONNECTED,
    SS_SERVICE_DOWN,
)
from drivers.idcard.pcscmon import CardWatcher, Listener

log = logging.getLogger(__name__)

_APDU_TRIES = 3  # 61xx / 6Cxx answers lead to a second command


class CardLink(Protocol):
    """What reading needs of a connected card (drivers.idcard.pcsc.Card; a fake in unit tests)."""

    def transmit(self, apdu: bytes) -> tuple[bytes, int]: ...


class SocialSecurityCardReader(ClosedOnExit):
    """Reads 社会保障卡 through pcscd. `reader` is a substring of the PC/SC reader name ("" = any).

    A CardWatcher (pyscard CardMonitor + start-up poll + watchdog) is started here unless one is given;
    close() stops it. An expired card is read like any other (its valid_to says so); the kiosk decides.
    """

    def __init__(
        self,
        reader: str = "",
        *,
        watchdog_interval: float | None = 2.0,
        watcher: CardWatcher | None = None,
        connect: Callable[[str], AbstractContextManager[CardLink]] = pcsc.connect,
    ) -> None:
        self.reader = reader
        self._connect = connect
        self._own_watcher = watcher is None
        self._watcher = watcher if watcher is not None else CardWatcher(watchdog_interval=watchdog_interval)
        self._lock = threading.Lock()
        self._watcher.start()

    # -- CardReader -----------------------------------------------------------------------------

    def read_person(self, timeout: float = 5.0) -> Person:
        return self.read_card(timeout).person()

    def status(self) -> DeviceStatus:
        self._watcher.check()  # a watchdog pass: also revives the card monitor after a pcscd restart
        if not self._watcher.healthy:
            return DeviceStatus.error(SS_SERVICE_DOWN, Condition.NOT_CONNECTED)
        if not any(self._matches(r) for r in self._watcher.readers()):
            return DeviceStatus.error(SS_READER_NOT_CONNECTED, Condition.NOT_CONNECTED)
        return DeviceStatus.ok()

    @property
    def error(self) -> str:
        """Why pcscd is not usable (technical), for the device manager's detail."""
        return self._watcher.error

    def close(self) -> None:
        if self._own_watcher:
            self._watcher.stop()

    # -- more than CardReader ---------------------------------------------------------------------

    @property
    def watcher(self) -> CardWatcher:
        return self._watcher

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Card in / out events of the readers this reader uses (see CardWatcher.subscribe)."""
        return self._watcher.subscribe(lambda event: listener(event) if self._matches(event.reader) else None)

    def read_card(self, timeout: float = 5.0) -> ss.SsCardData:
        """Wait up to `timeout` s for a card, then read it: NoCard, DeviceUnavailable, CardReadError,
        InvalidCard (not a social security card)."""
        self._watcher.check()  # a start-up poll of our own: the card may have been there all along
        if not self._watcher.healthy:
            raise DeviceUnavailable(SS_SERVICE_DOWN, detail=self._watcher.error)
        if not any(self._matches(r) for r in self._watcher.readers()):
            raise DeviceUnavailable(SS_READER_NOT_CONNECTED, detail=f"no PC/SC reader matching {self.reader!r}")
        reader = self._watcher.wait_for_card(self._matches, timeout)
        if reader is None:
            if not self._watcher.healthy:
                raise DeviceUnavailable(SS_SERVICE_DOWN, detail=self._watcher.error)
            raise NoCard(PUT_SS_CARD)
        with self._lock:
            return self._read(reader)

    # -- internals --------------------------------------------------------------------------------

    def _matches(self, reader: str) -> bool:
        return self.reader in reader

    def _read(self, reader: str) -> ss.SsCardData:
        started = time.monotonic()
        try:
            with self._connect(reader) as card:
                data = self._read_records(card)
        except pcsc.PcscError as exc:
            if exc.service_gone:
                raise DeviceUnavailable(SS_SERVICE_DOWN, detail=str(exc)) from None
            raise CardReadError(SS_CARD_REMOVED, detail=str(exc)) from None
        log.info("social security card %s read in %.0f ms", data.card_number[:2] + "*******",
                 (time.monotonic() - started) * 1000)
        return data

    def _read_records(self, card: CardLink) -> ss.SsCardData:
        _, sw = self._command(card, ss.select_aid())
        if sw in ss.SW_NOT_FOUND:
            raise InvalidCard(NOT_SS_CARD, detail=f"SELECT SSSE answered {sw:04X}")
        self._expect(sw, "SELECT SSSE")
        records: list[dict[int, bytes]] = []
        for fid, numbers in ((ss.EF05, ss.EF05_READ), (ss.EF06, ss.EF06_READ + (ss.NAME_EXT,))):
            _, sw = self._command(card, ss.select_ef(fid))
            self._expect(sw, f"SELECT {fid:04X}")
            values: dict[int, bytes] = {}
            for number in numbers:
                data, sw = self._command(card, ss.read_record(number))
                if sw == ss.SW_RECORD_NOT_FOUND and number not in (ss.CARD_NUMBER, ss.ID_NUMBER, ss.NAME):
                    continue  # optional record (姓名扩展 is only there for long names)
                if sw == ss.SW_SECURITY:
                    raise CardReadError(SS_PROTECTED, detail=f"READ RECORD {fid:04X}/{number:02X}: 6982")
                self._expect(sw, f"READ RECORD {fid:04X}/{number:02X}")
                values[number] = ss.split_tlv(number, data)
            records.append(values)
        return ss.parse(records[0], records[1])

    @staticmethod
    def _command(card: CardLink, apdu: bytes) -> tuple[bytes, int]:
        """Transmit, following T=0 answers: 61xx -> GET RESPONSE xx, 6Cxx -> the same command with Le=xx."""
        data, sw = card.transmit(apdu)
        for _ in range(_APDU_TRIES):
            if sw >> 8 == 0x61:
                more, sw = card.transmit(ss.get_response(sw & 0xFF))
                data += more
            elif sw >> 8 == 0x6C:
                data, sw = card.transmit(apdu[:4] + bytes([sw & 0xFF]))
            else:
                break
        return data, sw

    @staticmethod
    def _expect(sw: int, what: str) -> None:
        if sw != ss.SW_OK:
            raise ss.unreadable(f"{what} answered {sw:04X}")
