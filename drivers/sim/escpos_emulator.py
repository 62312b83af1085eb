"""An ESC/POS receipt printer on TCP (like port 9100) that renders each receipt to a PNG.

    with EscposEmulator(out_dir) as emu:          # 127.0.0.1, a free port -> emu.port
        ... print to 127.0.0.1:emu.port ...
        emu.wait_for_receipts(1)
        emu.receipts[0]["text"], emu.receipts[0]["qr"], emu.receipts[0]["png"]

    python -m drivers.sim.escpos_emulator --port 9100 --out out/

Rooms: drivers.sim.escpos_commands (command lengths), drivers.sim.escpos_parser (the byte-stream
interpreter), drivers.sim.escpos_images (its pictures), drivers.sim.escpos_render (paper and glyphs),
drivers.sim.escpos_state (the printer's state and the status answers that report it), and this TCP server,
a printer in that state.

Printer states settable at runtime: paper_out, paper_near_end, cover_open, offline, fault, cutter_error,
hang (accept connections but never read or answer), and paper_out_after (the paper runs out after that
many more bytes of print data: the job stops mid-way, what was printed is saved as a partial receipt).
While the printer is not ready, print data is dropped (as if it went nowhere) but status requests are
answered.
"""
from __future__ import annotations

import argparse
import logging
import socket
import threading
import time
from pathlib import Path
from typing import Any

from PIL import Image

from drivers.base import ClosedOnExit
from drivers.sim.escpos_parser import EscposInterpreter
from drivers.sim.escpos_render import PAPER_DOTS, Block, Feed, Line, Style, find_font, render_page
from drivers.sim.escpos_state import PrinterState
from drivers.sim.relay import hang_up

log = logging.getLogger(__name__)

# the names of the one-module emulator, kept for callers and tests
_Block, _Line, _Style, _Feed = Block, Line, Style, Feed
__all__ = ["EscposEmulator", "EscposInterpreter", "PAPER_DOTS", "find_font", "render_page", "main"]

class EscposEmulator(PrinterState, ClosedOnExit):
    """A TCP ESC/POS printer. See the module docstring."""

    def __init__(
        self,
        out_dir: str | Path = "out",
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        chinese_default: bool = False,
    ) -> None:
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        super().__init__()  # a printer in good order
        self.receipts: list[dict[str, Any]] = []
        self.unknown: list[str] = []
        self.connections = 0
        self._chinese_default = chinese_default
        self._cond = threading.Condition()
        self._render_lock = threading.Lock()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._conns: set[socket.socket] = set()
        self._listener = socket.create_server((host, port))
        self._listener.settimeout(0.1)
        self.host, self.port = self._listener.getsockname()[:2]
        self._accept_thread = threading.Thread(target=self._accept_loop, name="escpos-emulator",
                                               daemon=True)
        self._accept_thread.start()
        log.info("ESC/POS emulator on %s:%d, receipts to %s", self.host, self.port, self.out_dir)

    # results ------------------------------------------------------------------------------------
    def wait_for_receipts(self, count: int = 1, timeout: float = 5.0) -> list[dict[str, Any]]:
        """Block until `count` receipts were rendered; return them (raises TimeoutError)."""
        with self._cond:
            if not self._cond.wait_for(lambda: len(self.receipts) >= count, timeout):
                raise TimeoutError(f"{len(self.receipts)} of {count} receipts after {timeout} s")
            return list(self.receipts)

    def wait_idle(self, timeout: float = 5.0) -> None:
        """Block until every connection so far has been closed and processed."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._cond:
                if not any(t.is_alive() for t in self._threads):
                    return
            time.sleep(0.01)
        raise TimeoutError("connections still open")

    def _page(self, elements: list[Any], texts: list[str], qrs: list[str], cut: bool,
              partial: bool = False) -> None:
        with self._render_lock:  # numbered in the order the cuts arrive
            image = render_page(elements)
            with self._cond:
                number = len(self.receipts) + 1
            path = self.out_dir / f"receipt-{number:03d}{'-partial' if partial else ''}.png"
            image.save(path)
            blocks = [e.image for e in elements if isinstance(e, Block)]
            self._record(number, texts, qrs, blocks, str(path), cut, image.size, partial)
        log.info("receipt %d -> %s%s", number, path, " (partial: the paper ran out)" if partial else
                 "" if cut else " (no cut)")

    def _record(self, number: int, texts: list[str], qrs: list[str], images: list[Image.Image],
                path: str, cut: bool, size: tuple[int, int], partial: bool) -> None:
        with self._cond:
            self.receipts.append({"number": number, "lines": texts, "text": "\n".join(texts), "qr": qrs,
                                  "images": images, "png": path, "cut": cut, "size": size,
                                  "partial": partial})
            self._cond.notify_all()

    def _feed(self, interp: EscposInterpreter, data: bytes) -> None:
        """Feed one chunk; run the paper out where `paper_out_after` says."""
        left = self.paper_out_after
        if left is not None and len(data) >= left:
            interp.feed(data[:left])
            self.paper_out, self.paper_out_after = True, None
            log.info("the paper ran out mid-job")
            data = data[left:]
        elif left is not None:
            self.paper_out_after = left - len(data)
        interp.feed(data)

    # server -------------------------------------------------------------------------------------
    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except (TimeoutError, BlockingIOError):
                continue
            except OSError:
                break
            with self._cond:
                self.connections += 1
                self._threads = [t for t in self._threads if t.is_alive()]
                t = threading.Thread(target=self._serve, args=(conn,), daemon=True,
                                     name=f"escpos-conn-{self.connections}")
                self._threads.append(t)
            t.start()

    def _serve(self, conn: socket.socket) -> None:
        def reply(data: bytes) -> None:
            try:
                conn.sendall(data)
            except OSError as exc:
                log.info("status answer not sent: %s", exc)

        def page(elements: list[Any], texts: list[str], qrs: list[str], cut: bool) -> None:
            self._page(elements, texts, qrs, cut, partial=interp.page_dropped)

        interp = EscposInterpreter(reply, page, self.status_answer, self.can_print, self._chinese_default)
        with self._cond:
            self._conns.add(conn)
        with conn:
            conn.settimeout(0.1)
            while not self._stop.is_set():
                if self.hang:
                    time.sleep(0.02)
                    continue
                try:
                    data = conn.recv(65536)
                except TimeoutError:
                    continue
                except OSError:
                    break
                if not data:
                    break
                try:
                    self._feed(interp, data)
                except Exception:  # a bug here must not kill the printer
                    log.exception("emulator failed on the byte stream; dropping the buffer")
                    interp._buf.clear()
            if not self._stop.is_set():
                interp.finish()
            with self._cond:
                self._conns.discard(conn)
        if interp.unknown:
            with self._cond:
                self.unknown.extend(interp.unknown)

    def close(self) -> None:
        """Stop listening, drop the connections, wait for the threads."""
        self._stop.set()
        with self._cond:
            conns = list(self._conns)
        for sock in [self._listener, *conns]:
            hang_up(sock)
        self._accept_thread.join(2)
        self._listener.close()
        for t in list(self._threads):
            t.join(2)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="ESC/POS printer emulator: renders receipts to PNG")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=9100)
    ap.add_argument("--out", default="out")
    ap.add_argument("--chinese", action="store_true", help="start in Chinese (GB18030) mode")
    ap.add_argument("--paper-near-end", action="store_true")
    ap.add_argument("--paper-out", action="store_true")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    emu = EscposEmulator(args.out, args.host, args.port, chinese_default=args.chinese)
    emu.paper_near_end = args.paper_near_end
    emu.paper_out = args.paper_out
    try:  # from the ready line on, Ctrl-C (SIGINT) is a clean stop
        print(f"ESC/POS emulator listening on {emu.host}:{emu.port}, writing PNGs to {emu.out_dir}", flush=True)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        emu.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
