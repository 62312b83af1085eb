"""A SAM resident-ID reader simulator on a pseudo-terminal, speaking the real frame protocol.

    with SamReaderSim() as sim:
        sim.insert(SimIdCard.sample())
        reader = ResidentIdReader(sim.device_path)

`python -m drivers.sim.sam_reader` prints the device path and serves (with the sample card) until Ctrl-C.
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import select
import threading
import tty
from dataclasses import dataclass
from datetime import date
from typing import Any

from domain import idnumber
from drivers.base import CardReadError, ClosedOnExit
from drivers.idcard.idtext import IdText, encode_text, format_date, nation_code, sex_code
from drivers.idcard.samframe import HEADER, PREFIX_SIZE, build_frame, parse_frame

PHOTO_SIZE = 1024
_MAX_COMMAND_LEN = 0x20  # commands are 3 bytes after Len; a bigger Len is noise, resync on the next byte

SW_OK = bytes.fromhex("000090")
SW_FOUND = bytes.fromhex("00009F")
SW_NO_CARD = bytes.fromhex("000080")
SW_SELECT_FAILED = bytes.fromhex("000081")
SW_READ_FAILED = bytes.fromhex("000041")
SW_BAD_CHECKSUM = bytes.fromhex("000010")
SW_BAD_COMMAND = bytes.fromhex("000021")


@dataclass(frozen=True)
class SimIdCard:
    """A resident ID card as the simulator hands it out. Sex 男/女, nation by name (汉), valid_to None = 长期."""

    name: str
    sex: str
    nation: str
    birth: date
    address: str
    id_number: str
    authority: str
    valid_from: date
    valid_to: date | None
    photo: bytes = b""

    @classmethod
    def sample(cls) -> "SimIdCard":
        first17 = "440117" + "19560308" + "042"  # 从化区; an even 17th digit is a woman
        return cls(
            name="张秀英",
            sex="女",
            nation="汉",
            birth=date(1956, 3, 8),
            address="广东省广州市从化区鳌头镇龙潭村委会12号",
            id_number=first17 + idnumber.check_char(first17),
            authority="广州市公安局从化分局",
            valid_from=date(2012, 5, 14),
            valid_to=None,
            # Stand-in for the WLT-compressed photo: opaque bytes, deterministic.
            photo=bytes((i * 7 + 3) & 0xFF for i in range(PHOTO_SIZE)),
        )

    @classmethod
    def bad_check_digit(cls) -> "SimIdCard":
        card = cls.sample()
        right = card.id_number[17]
        wrong = "0" if right != "0" else "1"
        return dataclasses.replace(card, id_number=card.id_number[:17] + wrong)

    def replace(self, **changes: Any) -> "SimIdCard":
        return dataclasses.replace(self, **changes)

    def text_block(self) -> bytes:
        return encode_text(
            IdText(
                name=self.name,
                sex_code=sex_code(self.sex),
                nation_code=nation_code(self.nation),
                birth=format_date(self.birth),
                address=self.address,
                id_number=self.id_number,
                authority=self.authority,
                valid_from=format_date(self.valid_from),
                valid_to=format_date(self.valid_to),
            )
        )

    def photo_block(self) -> bytes:
        if len(self.photo) > PHOTO_SIZE:
            raise ValueError(f"photo is longer than {PHOTO_SIZE} bytes")
        return self.photo.ljust(PHOTO_SIZE, b"\x00")


class SamReaderSim(ClosedOnExit):
    """Serves the SAM protocol on the master side of a pty; the driver opens `device_path` (the slave)."""

    def __init__(self, card: SimIdCard | None = None) -> None:
        self._master, self._slave = os.openpty()
        # Raw on both sides: no echo, no CR/LF mapping, no line editing of binary frames.
        tty.setraw(self._slave)
        tty.setraw(self._master)
        os.set_blocking(self._master, False)
        self.device_path = os.ttyname(self._slave)
        self._wake_r, self._wake_w = os.pipe()
        self._state = threading.Lock()
        if card is not None:
            card.text_block(), card.photo_block()
        self._card = card
        self._selected = False
        self._corrupt_pending = 0
        self.corrupt_all = False
        self.received: list[bytes] = []  # payloads of the commands served (CMD PARA), in order
        self._closed = False
        self._thread = threading.Thread(target=self._serve, name=f"sam-sim {self.device_path}", daemon=True)
        self._thread.start()

    # -- control ------------------------------------------------------------------------------------

    def insert(self, card: SimIdCard) -> None:
        card.text_block(), card.photo_block()  # a card that cannot be encoded fails here, not in the thread
        with self._state:
            self._card, self._selected = card, False

    def remove(self) -> None:
        with self._state:
            self._card, self._selected = None, False

    def corrupt_next(self, n: int = 1) -> None:
        """The next n replies go out with a wrong checksum."""
        with self._state:
            self._corrupt_pending += n

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        os.write(self._wake_w, b"x")
        self._thread.join(timeout=5)
        for fd in (self._master, self._slave, self._wake_r, self._wake_w):
            os.close(fd)

    # -- serving ------------------------------------------------------------------------------------

    def _serve(self) -> None:
        buffer = bytearray()
        while True:
            ready, _, _ = select.select([self._master, self._wake_r], [], [])
            if self._wake_r in ready:
                return
            try:
                data = os.read(self._master, 4096)
            except BlockingIOError:
                continue
            except OSError:
                return
            if not data:
                return
            buffer += data
            for command in self._take_frames(buffer):
                if not self._send(self._answer(command)):
                    return

    @staticmethod
    def _take_frames(buffer: bytearray) -> list[bytes | None]:
        """Cut complete frames off the front of `buffer`; None for a damaged one."""
        frames: list[bytes | None] = []
        while True:
            start = buffer.find(HEADER)
            if start < 0:
                del buffer[: max(0, len(buffer) - len(HEADER) + 1)]
                return frames
            del buffer[:start]
            if len(buffer) < PREFIX_SIZE:
                return frames
            length = int.from_bytes(buffer[len(HEADER):PREFIX_SIZE], "big")
            if not 1 <= length <= _MAX_COMMAND_LEN:
                del buffer[0]
                continue
            if len(buffer) < PREFIX_SIZE + length:
                return frames
            frame = bytes(buffer[: PREFIX_SIZE + length])
            del buffer[: PREFIX_SIZE + length]
            try:
                frames.append(parse_frame(frame))
            except CardReadError:
                frames.append(None)

    def _answer(self, command: bytes | None) -> bytes:
        if command is None:
            return SW_BAD_CHECKSUM
        with self._state:
            self.received.append(command)
            card = self._card
            if command == b"\x11\xff":
                return SW_OK
            if command == b"\x20\x01":
                return SW_FOUND + bytes(4) if card else SW_NO_CARD
            if command == b"\x20\x02":
                self._selected = card is not None
                return SW_OK + bytes(8) if card else SW_SELECT_FAILED
            if command == b"\x30\x01":
                if card is None or not self._selected:
                    return SW_READ_FAILED
                return SW_OK + (0x0100).to_bytes(2, "big") + (PHOTO_SIZE).to_bytes(2, "big") + (
                    card.text_block() + card.photo_block()
                )
            return SW_BAD_COMMAND

    def _send(self, payload: bytes) -> bool:
        frame = bytearray(build_frame(payload))
        with self._state:
            if self.corrupt_all or self._corrupt_pending > 0:
                self._corrupt_pending = max(0, self._corrupt_pending - 1)
                frame[-1] ^= 0xFF
        view = memoryview(frame)
        while view:
            ready, writable, _ = select.select([self._wake_r], [self._master], [], 1.0)
            if self._wake_r in ready:
                return False
            if not writable:
                return True  # nobody reads the slave side: drop the rest of this reply
            try:
                view = view[os.write(self._master, view):]
            except BlockingIOError:
                continue
            except OSError:
                return False
        return True


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="SAM resident ID reader simulator on a pty")
    parser.add_argument("--empty", action="store_true", help="start with no card on the reader")
    parser.add_argument("--corrupt", action="store_true", help="every answer goes out with a wrong checksum")
    args = parser.parse_args(argv)
    with SamReaderSim(None if args.empty else SimIdCard.sample()) as sim:
        sim.corrupt_all = args.corrupt
        try:  # from the ready line on, Ctrl-C (SIGINT) is a clean stop
            print(sim.device_path, flush=True)
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
