"""ReceiptPrinter over python-escpos: Network (TCP 9100) by default, or any injected escpos printer.

Text is encoded here, not by python-escpos: its Chinese path only switches to GB18030 when the text
holds [\u4e00-\u9fa5], so ￥, full-width punctuation and CJK Extension A (䶮) would come out as "?".
We switch the printer to Chinese mode (FS &) once and send GB18030 bytes with `_raw`.

One connection per operation for the Network backend (a 9100 port usually serves one client at a
time, and a kiosk must not hold it while idle); an injected printer (File/Serial/Usb) is used as is and
closed by close().
"""
from __future__ import annotations

import copy
import logging
import socket
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from functools import partial
from typing import Any

from escpos.constants import QR_ECLEVEL_M
from escpos.escpos import Escpos
from escpos.printer import Dummy, Network

from domain.models import Receipt
from domain.queue import QueueTicket
from drivers.base import (
    PRINTER_NOT_RESPONDING,
    ClosedOnExit,
    Condition,
    DeviceStatus,
    DeviceUnavailable,
    Health,
    PrinterError,
)
from drivers.printer import layout
from drivers.printer.journal import JobState, PrintJob, PrintJournal
from drivers.printer.layout import Line
from drivers.printer.messages import (
    COVER_OPEN,
    CUTTER_ERROR,
    JOB_FAILED,
    OFFLINE,
    PAPER_NEAR_END,
    PAPER_OUT,
    PRINTER_FAULT,
    RAN_OUT,
)

log = logging.getLogger(__name__)

# ESC/POS
ESC, GS, FS, DLE, EOT, LF = b"\x1b", b"\x1d", b"\x1c", b"\x10", b"\x04", b"\n"
INIT = ESC + b"@"
CHINESE_ON = FS + b"&"
_ALIGN = {"left": 0, "center": 1, "right": 2}
PAPER_WIDTH_DOTS = 576  # 80 mm at 203 dpi
QR_MODES = ("native", "raster")


class PrintJobFailed(PrinterError):
    """The connection broke while the job was being sent: the receipt may be partly printed.

    The case itself is saved; the caller offers a reprint.
    """

    failed_job = True


# What the receipt printer says for each condition it reports (DeviceStatus.of)
WORDS = {Condition.PAPER_OUT: PAPER_OUT, Condition.COVER_OPEN: COVER_OPEN, Condition.CUTTER_JAM: CUTTER_ERROR,
         Condition.FAULT: PRINTER_FAULT, Condition.OFFLINE: OFFLINE, Condition.PAPER_LOW: PAPER_NEAR_END}


def parse_status(online: int, cause: int, paper: int, error: int = 0x12) -> DeviceStatus:
    """DLE EOT answers (n=1 printer, n=2 offline cause, n=4 paper sensor, n=3 error cause) -> DeviceStatus."""
    out = bool(paper & 0x60 or cause & 0x20)
    found = {Condition.PAPER_OUT: out,
             Condition.COVER_OPEN: bool(cause & 0x04),
             Condition.CUTTER_JAM: bool(error & 0x08),  # auto-cutter error
             Condition.FAULT: bool(cause & 0x40 or error & 0x60),  # an error occurred; unrecoverable / auto-recoverable
             Condition.OFFLINE: bool(online & 0x08),
             Condition.PAPER_LOW: bool(paper & 0x0C) and not out}
    return DeviceStatus.of((c for c, on in found.items() if on), WORDS)


class _Network(Network):  # type: ignore[misc]  # python-escpos has no types: its Network is Any to mypy
    """python-escpos Network whose open() does not leak the socket when connect() fails."""

    def open(self, raise_not_found: bool = True) -> None:
        if self._device:  # type: ignore[has-type]  # python-escpos sets _device in its untyped base class
            self.close()
        self._device = socket.create_connection((self.host, self.port), timeout=self.timeout)


def _with_media_width(printer: Escpos) -> Escpos:
    """Give the profile a pixel width (the default profile has none, and image() prints a nag)."""
    data = copy.deepcopy(printer.profile.profile_data)
    if str(data.get("media", {}).get("width", {}).get("pixels", "Unknown")) == "Unknown":
        data.setdefault("media", {}).setdefault("width", {})["pixels"] = PAPER_WIDTH_DOTS
    printer.profile.profile_data = data  # instance attribute: the shared profile class stays untouched
    return printer


def encode(text: str) -> bytes:
    """Printable GB18030 bytes; control characters are dropped so data cannot inject commands."""
    clean = "".join(ch for ch in text if ch >= " " and ch != "\x7f")
    return clean.encode("gb18030", errors="replace")


def job_bytes(
    lines: list[Line],
    qr_mode: str = "native",
    qr_size: int = 6,
    columns: int = layout.COLUMNS,
    profile: str | None = None,
) -> bytes:
    """The ESC/POS bytes of a laid-out receipt (pure: rendered on a python-escpos Dummy)."""
    if qr_mode not in QR_MODES:
        raise ValueError(f"qr_mode must be one of {QR_MODES}")
    d = _with_media_width(Dummy(profile=profile))
    d._raw(INIT + CHINESE_ON)
    for line in lines:
        if line.kind == "text":
            d._raw(ESC + b"a" + bytes([_ALIGN[line.align]]))
            d._raw(ESC + b"E" + bytes([1 if line.bold else 0]))
            d._raw(GS + b"!" + bytes([((line.width - 1) << 4) | (line.height - 1)]))
            d._raw(encode(line.text) + LF)
            if line.bold or line.width > 1 or line.height > 1:
                d._raw(ESC + b"E\x00" + GS + b"!\x00")
        elif line.kind == "rule":
            d._raw(ESC + b"a\x00" + b"-" * columns + LF)
        elif line.kind == "qr":
            d._raw(ESC + b"a" + bytes([_ALIGN[line.align]]))
            if qr_mode == "native":
                d.qr(line.text, ec=QR_ECLEVEL_M, size=qr_size, native=True)
                d._raw(LF)
            else:
                # rendered by python-escpos with the qrcode lib, sent as a GS v 0 raster image;
                # ESC a centres it on the printer
                d.qr(line.text, ec=QR_ECLEVEL_M, size=qr_size, native=False)
            d._raw(ESC + b"a\x00")
        elif line.kind == "feed":
            d._raw(ESC + b"d" + bytes([min(line.count, 255)]))
        elif line.kind == "cut":
            d.cut()
    return bytes(d.output)


class EscposReceiptPrinter(ClosedOnExit):
    """ReceiptPrinter for ESC/POS printers.

    EscposReceiptPrinter("192.168.1.50", 9100)             TCP (python-escpos Network), connect per job
    EscposReceiptPrinter(printer=escpos.printer.Serial(...)) any python-escpos printer (File/Serial/Usb)

    timeout: connect/send timeout in seconds; status_timeout: wait for each DLE EOT answer.
    qr_mode: "native" (GS ( k, the printer draws it) or "raster" (image, for printers without QR).
    check_status: ask DLE EOT before each job (skipped anyway when the backend cannot read, e.g. File).
    reopen: open and close the injected printer around each job and status probe (USB: a replugged printer
    is a new device, and an open that failed is tried again next time).
    """

    def __init__(
        self,
        host: str = "",
        port: int = 9100,
        *,
        printer: Escpos | None = None,
        timeout: float = 3.0,
        status_timeout: float = 1.0,
        qr_mode: str = "native",
        qr_size: int = 6,
        profile: str | None = None,
        columns: int = layout.COLUMNS,
        template: str | None = None,
        check_status: bool = True,
        clock: Callable[[], datetime] = datetime.now,
        reopen: bool = False,
    ) -> None:
        if qr_mode not in QR_MODES:
            raise ValueError(f"qr_mode must be one of {QR_MODES}")
        if printer is None and not host:
            raise ValueError("give a host (Network) or a python-escpos printer instance")
        self._owned = printer is None or reopen
        self._printer: Escpos = printer if printer is not None else _Network(
            host, port, timeout=timeout, profile=profile
        )
        self._timeout = timeout
        self._status_timeout = status_timeout
        self._columns = columns
        # how this printer draws a job (its QR mode and size, line width and python-escpos profile), bound once
        self._job_bytes = partial(job_bytes, qr_mode=qr_mode, qr_size=qr_size, columns=columns, profile=profile)
        self._template = template if template is not None else layout.load_template()
        self._check_status = check_status
        self._clock = clock
        self._lock = threading.Lock()
        self._closed = False
        self.journal = PrintJournal()
        self._error_status = True  # ask DLE EOT 3 (error cause) until the printer shows it cannot answer

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> "EscposReceiptPrinter":
        """From a device profile: {"host", "port", "timeout", "status_timeout", "qr_mode", ...}."""
        allowed = {"host", "port", "timeout", "status_timeout", "qr_mode", "qr_size", "profile",
                   "columns", "check_status"}
        return cls(**{k: v for k, v in settings.items() if k in allowed})

    # -- ReceiptPrinter -------------------------------------------------------------------------

    def print_receipt(self, receipt: Receipt) -> None:
        """Print, or raise PrinterError (not ready: nothing sent), PrintJobFailed (failed mid-way: a
        partial receipt may be out) or DeviceUnavailable. Every outcome goes into `journal`."""
        try:
            size = self._print(receipt)
        except PrinterError as exc:  # PrintJobFailed, a refusal, DeviceUnavailable
            state = JobState.FAILED if isinstance(exc, PrintJobFailed) else JobState.REFUSED
            self.journal.record(receipt, state, self._clock(), exc.message, exc.detail)
            raise
        except DeviceUnavailable as exc:
            self.journal.record(receipt, JobState.REFUSED, self._clock(), exc.message, exc.detail)
            raise
        self.journal.record(receipt, JobState.PRINTED, self._clock())
        log.info("printed receipt %s (%d bytes)", receipt.code, size)

    def reprint(self, code: str) -> None:
        """Print the receipt of an earlier job of this printer again, marked 【补打】 (KeyError if unknown)."""
        job = self.journal.last(code)
        if job is None or job.receipt is None:
            raise KeyError(f"no print job for {code}")
        self.print_receipt(replace(job.receipt, reprint=True))

    def unprinted(self) -> list[PrintJob]:
        """Receipts whose last attempt did not come out (for the staff screen)."""
        return self.journal.unprinted()

    def print_slip(self, title: str, lines: Sequence[str]) -> None:
        """Print an information slip (a service guide, the list of missing materials): no code, no journal.

        Raises the same errors as print_receipt."""
        body = [Line("text", title, "center", True, 1, 2), Line("rule")]
        for text in lines:
            body += [Line("text", piece) for piece in layout.wrap(text, self._columns)]
        body += [Line("rule"),
                 Line("text", f"{self._clock():%Y-%m-%d %H:%M}", "center"),
                 Line("feed", count=3), Line("cut")]
        data = self._job_bytes(body)
        self._send(data, f"slip {title}")
        log.info("printed a slip (%d bytes)", len(data))

    def print_ticket(self, ticket: QueueTicket) -> None:
        """Print a queue ticket (assets/ticket.txt); same errors as print_receipt, no journal (a lost ticket
        is taken again)."""
        data = self.ticket_bytes(ticket)
        self._send(data, f"ticket {ticket.number}")
        log.info("printed ticket %s (%d bytes)", ticket.number, len(data))

    def ticket_bytes(self, ticket: QueueTicket) -> bytes:
        lines = layout.render(layout.load_template(layout.TICKET_PATH), layout.ticket_fields(ticket, self._clock()),
                              self._columns)
        return self._job_bytes(lines)

    def _print(self, receipt: Receipt) -> int:
        lines = layout.build(receipt, self._clock(), self._template, self._columns)
        data = self._job_bytes(lines)
        self._send(data, receipt.code)
        return len(data)

    def _send(self, data: bytes, what: str) -> None:
        """Check the printer is ready, send the whole job, and confirm it came out."""
        with self._lock, self._session() as p:
            if self._check_status:
                st = self._query(p)
                if st is not None and st.health is Health.ERROR:
                    raise PrinterError(st.reason)
                if st is not None and st.health is Health.WARNING:
                    log.warning("printing with printer warning: %s", st.reason)
            try:
                p._raw(data)
            except (OSError, ValueError) as exc:  # ValueError: a closed serial port / file
                log.error("print job for %s failed after connect: %s", what, exc)
                raise PrintJobFailed(JOB_FAILED, f"{type(exc).__name__}: {exc}") from exc
            if self._check_status:
                self._confirm(p, what)

    def _confirm(self, p: Escpos, what: str) -> None:
        """Ask the status again after the job: the paper may have run out (or the cutter jammed) mid-way.

        The emulator answers after it has worked through the job. A real printer answers DLE EOT at once,
        even with part of the job still in its buffer, so a paper end near the bottom of a receipt can
        still slip through; ESC/POS GS ( H (process ID response) would close that gap on printers that
        have it.
        """
        try:
            st = self._query(p)
        except DeviceUnavailable as exc:
            log.error("no status after the job for %s: %s", what, exc.detail)
            raise PrintJobFailed(JOB_FAILED, f"no status after the job: {exc.detail}") from exc
        if st is not None and st.health is Health.ERROR:
            log.error("printer went into error during the job for %s: %s", what, st.reason)
            reason = RAN_OUT if Condition.PAPER_OUT in st.conditions else st.reason
            raise PrintJobFailed(reason, f"after the job: {st.reason}")

    def status(self) -> DeviceStatus:
        try:
            with self._lock, self._session() as p:
                st = self._query(p)
        except DeviceUnavailable as exc:
            return DeviceStatus.failed(exc)
        return st if st is not None else DeviceStatus.ok()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._printer.close()

    # -- internals ------------------------------------------------------------------------------

    @contextmanager
    def _session(self) -> Iterator[Escpos]:
        p = self._printer
        if self._owned:
            try:
                p.open()
            except OSError as exc:
                raise DeviceUnavailable(PRINTER_NOT_RESPONDING, f"{type(exc).__name__}: {exc}") from exc
            try:
                yield p
            finally:
                p.close()
        else:
            try:
                _ = p.device  # python-escpos opens lazily: reading it connects
            except Exception as exc:  # each backend raises its own (DeviceNotFoundError, USBNotFoundError ...)
                raise DeviceUnavailable(PRINTER_NOT_RESPONDING, f"{type(exc).__name__}: {exc}") from exc
            yield p

    def _query(self, p: Escpos) -> DeviceStatus | None:
        """DLE EOT 1, 2, 4 (and 3, error cause, while the printer answers it) -> DeviceStatus.

        None when the backend cannot read (File, Dummy). A printer that leaves DLE EOT 3 unanswered is
        asked only 1, 2 and 4 from then on: the cutter error is then seen as a general fault (n=2 0x40).
        """
        answers = []
        sock = p._device if isinstance(p._device, socket.socket) else None
        try:
            if sock is not None:
                _drain(sock)
                sock.settimeout(self._status_timeout)
            for n in (1, 2, 4, 3) if self._error_status else (1, 2, 4):
                p._raw(DLE + EOT + bytes([n]))
                try:
                    got = p._read()
                except NotImplementedError:
                    return None
                except OSError:
                    if n != 3:
                        raise
                    got = b""
                if not got and n == 3:
                    log.warning("the printer does not answer DLE EOT 3 (error cause): not asking again")
                    self._error_status = False
                    break
                if not got:
                    raise DeviceUnavailable(PRINTER_NOT_RESPONDING, f"no answer to DLE EOT {n}")
                if got[0] & 0x93 != 0x12:
                    log.warning("unexpected DLE EOT %d answer %r", n, got)
                answers.append(got[0])
        except OSError as exc:  # timeout, reset
            raise DeviceUnavailable(PRINTER_NOT_RESPONDING, f"{type(exc).__name__}: {exc}") from exc
        finally:
            if sock is not None and sock.fileno() != -1:
                sock.settimeout(self._timeout)
        return parse_status(*answers)


def _drain(sock: socket.socket) -> None:
    """Drop unread bytes (an automatic status the printer sent earlier) so answers line up."""
    sock.setblocking(False)
    try:
        while sock.recv(256):
            pass
    except (BlockingIOError, InterruptedError):
        pass
    finally:
        sock.setblocking(True)
