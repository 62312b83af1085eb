"""ResidentIdReader: the 二代证 SAM reader on a serial port (drivers.base.CardReader)."""
from __future__ import annotations

import logging
import termios
import threading
import time

import serial

from domain.models import Person
from drivers.base import (
    ID_READER_NOT_CONNECTED,
    CardReadError,
    ClosedOnExit,
    Condition,
    DeviceStatus,
    DeviceUnavailable,
    Health,
    NoCard,
)
from drivers.idcard.idtext import TEXT_SIZE, parse_text
from drivers.idcard.messages import ID_READ_FAILED, ID_READER_FAULT, PUT_ID_CARD
from drivers.idcard.samframe import FrameTimeout, build_frame, damaged, parse_frame, read_frame

log = logging.getLogger(__name__)

CMD_STATUS = bytes.fromhex("11FF")
CMD_FIND = bytes.fromhex("2001")
CMD_SELECT = bytes.fromhex("2002")
CMD_READ_BASE = bytes.fromhex("3001")

SW_OK = 0x90
SW_FOUND = 0x9F

_READ_SLICE = 0.05  # pyserial read timeout: read_frame loops on it up to its own deadline


class ResidentIdReader(ClosedOnExit):
    """Reads resident ID cards through a SAM reader on `port` (e.g. /dev/ttyUSB0).

    The port is opened on first use and checked with the status command. An expired card is read like any
    other (its valid_to says so): whether it is accepted depends on the service (the kiosk decides).
    Safe to share between threads: each command/answer holds a lock.
    """

    def __init__(
        self,
        port: str,
        *,
        baudrate: int = 115200,
        poll_interval: float = 0.2,
        answer_timeout: float = 1.0,
    ) -> None:
        self.port = port
        self._baudrate = baudrate
        self._poll_interval = poll_interval
        self._answer_timeout = answer_timeout
        self._serial: serial.Serial | None = None
        self._lock = threading.RLock()

    # -- CardReader ---------------------------------------------------------------------------------

    def read_person(self, timeout: float = 5.0) -> Person:
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                if self._find_card() and self._select_card():
                    text, photo = self._read_base()
                    break
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise NoCard(PUT_ID_CARD)
            time.sleep(min(self._poll_interval, remaining))
        return parse_text(text, photo)

    def status(self) -> DeviceStatus:
        try:
            sw = self._command(CMD_STATUS)[:3]
        except DeviceUnavailable as exc:
            return DeviceStatus.failed(exc)
        except CardReadError:  # a garbled answer: the reader is there but may be failing
            return DeviceStatus(Health.WARNING, ID_READER_FAULT, frozenset({Condition.FAULT}))
        if sw[2] != SW_OK:
            return DeviceStatus.error(ID_READER_FAULT, Condition.FAULT)
        return DeviceStatus.ok()

    def close(self) -> None:
        with self._lock:
            port, self._serial = self._serial, None
            if port is not None:
                try:
                    port.close()
                except (serial.SerialException, OSError):
                    log.debug("closing %s failed", self.port, exc_info=True)

    # -- card commands --------------------------------------------------------------------------

    def _find_card(self) -> bool:
        return self._command(CMD_FIND)[2] == SW_FOUND

    def _select_card(self) -> bool:
        return self._command(CMD_SELECT)[2] == SW_OK

    def _read_base(self) -> tuple[bytes, bytes]:
        reply = self._command(CMD_READ_BASE)
        if reply[2] != SW_OK:
            raise CardReadError(ID_READ_FAILED, detail=f"read base answered SW {reply[:3].hex(' ')}")
        if len(reply) < 7:
            damaged(f"read base answer has {len(reply)} bytes")
        text_len = int.from_bytes(reply[3:5], "big")
        photo_len = int.from_bytes(reply[5:7], "big")
        if text_len != TEXT_SIZE or len(reply) != 7 + text_len + photo_len:
            damaged(f"read base answer: text {text_len}, photo {photo_len}, {len(reply) - 7} bytes of data")
        return reply[7:7 + text_len], reply[7 + text_len:]

    # -- transport ------------------------------------------------------------------------------

    def _command(self, command: bytes) -> bytes:
        """Send one command, return the answer's payload (SW1 SW2 SW3 ...); one retry on a damaged answer."""
        with self._lock:
            self._ensure_open()
            return self._transact(command)

    def _ensure_open(self) -> None:
        if self._serial is not None:
            return
        try:
            self._serial = serial.Serial(
                self.port, baudrate=self._baudrate, timeout=_READ_SLICE, exclusive=True
            )
        except (serial.SerialException, OSError, ValueError) as exc:
            raise DeviceUnavailable(ID_READER_NOT_CONNECTED, detail=f"{self.port}: {exc}") from None
        self._transact(CMD_STATUS)  # DeviceUnavailable (and closes) if nothing answers

    def _transact(self, command: bytes) -> bytes:
        port = self._serial
        assert port is not None
        failure: CardReadError | None = None
        for attempt in range(2):
            try:
                if attempt:
                    self._drain(port)
                else:
                    port.reset_input_buffer()
                port.write(build_frame(command))
                reply = parse_frame(read_frame(port, self._answer_timeout))
                if len(reply) < 3:
                    damaged(f"answer without SW1 SW2 SW3: {reply.hex(' ')}")
                return reply
            except CardReadError as exc:
                log.warning("damaged answer to %s from %s: %s", command.hex(" "), self.port, exc.detail)
                failure = exc
            except FrameTimeout:
                self.close()
                raise DeviceUnavailable(
                    ID_READER_NOT_CONNECTED, detail=f"{self.port}: no answer to {command.hex(' ')}"
                ) from None
            except (serial.SerialException, OSError, termios.error) as exc:
                self.close()
                raise DeviceUnavailable(ID_READER_NOT_CONNECTED, detail=f"{self.port}: {exc}") from None
        assert failure is not None
        raise failure

    def _drain(self, port: serial.Serial) -> None:
        """Throw away the rest of a damaged answer: flush, then read until the line is quiet (bounded)."""
        port.reset_input_buffer()
        deadline = time.monotonic() + self._answer_timeout
        while port.read(4096) and time.monotonic() < deadline:
            pass
