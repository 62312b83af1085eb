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
from contextlib import contextmanager
from datetime import datetime
from typing import Any, Callable, Iterator, Mapping

from escpos.constants import QR_ECLEVEL_M
from escpos.escpos import Escpos
from escpos.printer import Dummy, Network

from domain.models import Receipt
from drivers.base import DeviceStatus, DeviceUnavailable, Health, PrinterError, message
from drivers.printer import layout
from drivers.printer.layout import Line

log = logging.getLogger(__name__)

# Constant, untranslated messages (the kiosk translates them in the "drivers" context).
NOT_RESPONDING = message("The receipt printer is not responding.")
PAPER_OUT = message("The printer is out of paper. Please ask the staff for help.")
COVER_OPEN = message("The printer cover is open. Please ask the staff for help.")
PRINTER_FAULT = message("The printer has a fault. Please ask the staff for help.")
OFFLINE = message("The printer is offline. Please ask the staff for help.")
PAPER_NEAR_END = message("The printer is running out of paper.")
JOB_FAILED = message("The receipt could not be printed. Your application is saved; a staff member can reprint it.")
MESSAGES = (NOT_RESPONDING, PAPER_OUT, COVER_OPEN, PRINTER_FAULT, OFFLINE, PAPER_NEAR_END, JOB_FAILED)

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


def parse_status(online: int, cause: int, paper: int) -> DeviceStatus:
    """DLE EOT answers (n=1 printer, n=2 offline cause, n=4 paper sensor) -> DeviceStatus."""
    if paper & 0x60 or cause & 0x20:
        return DeviceStatus(Health.ERROR, PAPER_OUT)
    if cause & 0x04:
        return DeviceStatus(Health.ERROR, COVER_OPEN)
    if cause & 0x40:
        return DeviceStatus(Health.ERROR, PRINTER_FAULT)
    if online & 0x08:
        return DeviceStatus(Health.ERROR, OFFLINE)
    if paper & 0x0C:
        return DeviceStatus(Health.WARNING, PAPER_NEAR_END)
    return DeviceStatus.ok()


class _Network(Network):
    """python-escpos Network whose open() does not leak the socket when connect() fails."""

    def open(self, raise_not_found: bool = True) -> None:
        if self._device:
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
    return d.output


class EscposReceiptPrinter:
    """ReceiptPrinter for ESC/POS printers.

    EscposReceiptPrinter("192.168.1.50", 9100)             TCP (python-escpos Network), connect per job
    EscposReceiptPrinter(printer=escpos.printer.Serial(...)) any python-escpos printer (File/Serial/Usb)

    timeout: connect/send timeout in seconds; status_timeout: wait for each DLE EOT answer.
    qr_mode: "native" (GS ( k, the printer draws it) or "raster" (image, for printers without QR).
    check_status: ask DLE EOT before each job (skipped anyway when the backend cannot read, e.g. File).
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
    ) -> None:
        if qr_mode not in QR_MODES:
            raise ValueError(f"qr_mode must be one of {QR_MODES}")
        if printer is None and not host:
            raise ValueError("give a host (Network) or a python-escpos printer instance")
        self._owned = printer is None
        self._printer: Escpos = printer if printer is not None else _Network(
            host, port, timeout=timeout, profile=profile
        )
        self._timeout = timeout
        self._status_timeout = status_timeout
        self._qr_mode = qr_mode
        self._qr_size = qr_size
        self._profile = profile
        self._columns = columns
        self._template = template if template is not None else layout.load_template()
        self._check_status = check_status
        self._clock = clock
        self._lock = threading.Lock()
        self._closed = False

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> "EscposReceiptPrinter":
        """From a device profile: {"host", "port", "timeout", "status_timeout", "qr_mode", ...}."""
        allowed = {"host", "port", "timeout", "status_timeout", "qr_mode", "qr_size", "profile",
                   "columns", "check_status"}
        return cls(**{k: v for k, v in settings.items() if k in allowed})

    # -- ReceiptPrinter -------------------------------------------------------------------------

    def print_receipt(self, receipt: Receipt) -> None:
        lines = layout.build(receipt, self._clock(), self._template, self._columns)
        data = job_bytes(lines, self._qr_mode, self._qr_size, self._columns, self._profile)
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
                log.error("print job for %s failed after connect: %s", receipt.code, exc)
                raise PrintJobFailed(JOB_FAILED, f"{type(exc).__name__}: {exc}") from exc
        log.info("printed receipt %s (%d bytes)", receipt.code, len(data))

    def status(self) -> DeviceStatus:
        try:
            with self._lock, self._session() as p:
                st = self._query(p)
        except DeviceUnavailable as exc:
            return DeviceStatus(Health.ERROR, exc.message)
        return st if st is not None else DeviceStatus.ok()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._printer.close()

    def __enter__(self) -> "EscposReceiptPrinter":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals ------------------------------------------------------------------------------

    @contextmanager
    def _session(self) -> Iterator[Escpos]:
        p = self._printer
        if self._owned:
            try:
                p.open()
            except OSError as exc:
                raise DeviceUnavailable(NOT_RESPONDING, f"{type(exc).__name__}: {exc}") from exc
            try:
                yield p
            finally:
                p.close()
        else:
            try:
                p.device  # python-escpos opens lazily
            except Exception as exc:  # each backend raises its own (DeviceNotFoundError, USBNotFoundError ...)
                raise DeviceUnavailable(NOT_RESPONDING, f"{type(exc).__name__}: {exc}") from exc
            yield p

    def _query(self, p: Escpos) -> DeviceStatus | None:
        """DLE EOT 1, 2, 4 -> DeviceStatus; None when the backend cannot read (File, Dummy)."""
        answers = []
        sock = p._device if isinstance(p._device, socket.socket) else None
        try:
            if sock is not None:
                _drain(sock)
                sock.settimeout(self._status_timeout)
            for n in (1, 2, 4):
                p._raw(DLE + EOT + bytes([n]))
                try:
                    got = p._read()
                except NotImplementedError:
                    return None
                if not got:
                    raise DeviceUnavailable(NOT_RESPONDING, f"no answer to DLE EOT {n}")
                if got[0] & 0x93 != 0x12:
                    log.warning("unexpected DLE EOT %d answer %r", n, got)
                answers.append(got[0])
        except OSError as exc:  # timeout, reset
            raise DeviceUnavailable(NOT_RESPONDING, f"{type(exc).__name__}: {exc}") from exc
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
