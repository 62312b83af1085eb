"""The ESC/POS byte-stream interpreter of the printer emulator: bytes in, receipts (elements) out.

It parses like an 80 mm Chinese-market printer (Font A 12x24, GB18030 in Chinese mode): ESC @, ESC a,
ESC E/G, ESC !, GS !, GS B, ESC -, ESC M, ESC t, FS & / FS ., FS !, LF, HT, ESC d/J, GS ( k QR
(fn 65/67/69/80/81), GS v 0 and ESC * and GS ( L images, GS V / ESC i / ESC m cut, DLE EOT n and GS r n
status. Everything up to a cut is one receipt. Other commands are skipped by their known length, or,
when unknown, by their two command bytes (logged, and kept in `.unknown`). Any byte string is safe to
feed: a property test throws random bytes at it.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PIL import Image

from drivers.sim.escpos_commands import (
    CODEPAGES,
    ESC_FIXED,
    FS_FIXED,
    GS_FIXED,
    Incomplete,
    esc_tab_stops,
    esc_user_characters,
    fs_nv_images,
    gs_barcode,
    gs_downloaded_image,
)
from drivers.sim.escpos_images import QrSymbol, bit_image, bit_image_bytes, raster_image, stored_graphic
from drivers.sim.escpos_render import DEFAULT_LINE_SPACING, Block, Feed, Line, Style, wide

log = logging.getLogger(__name__)

class EscposInterpreter:
    """Feed it bytes; it calls `reply(bytes)` for status requests and `page(elements, cut)` per receipt."""

    def __init__(
        self,
        reply: Callable[[bytes], None],
        page: Callable[[list[Any], list[str], list[str], bool], None],
        status: Callable[[int, bytes], bytes | None],
        can_print: Callable[[], bool] = lambda: True,
        chinese_default: bool = False,
    ) -> None:
        self._reply = reply
        self._page = page
        self._status = status
        self._can_print = can_print
        self._chinese_default = chinese_default
        self.unknown: list[str] = []
        self.page_dropped = False  # set before each page(): data of that receipt was dropped
        self._buf = bytearray()
        self._reset()
        self._elements: list[Any] = []
        self._texts: list[str] = []
        self._qrs: list[str] = []
        self._dropped = False
        self._line: Line | None = None

    def _reset(self) -> None:
        self.chinese = self._chinese_default
        self.style = Style()
        self.align = 0
        self.spacing = DEFAULT_LINE_SPACING
        self.codepage = "cp437"
        self.qr = QrSymbol()
        self.graphics: Image.Image | None = None

    # feeding
    def feed(self, data: bytes) -> None:
        self._buf += data
        pos = 0
        try:
            while pos < len(self._buf):
                pos += self._step(pos)
        except Incomplete:
            pass
        del self._buf[:pos]

    def finish(self) -> None:
        """End of the connection: what is pending is a receipt without a cut."""
        if self._buf:
            log.warning("connection closed inside a command (%d bytes left)", len(self._buf))
            self._buf.clear()
        self._flush_line(force=False)
        self._end_page(cut=False)

    # helpers
    def _need(self, pos: int, n: int) -> bytes:
        if pos + n > len(self._buf):
            raise Incomplete
        return bytes(self._buf[pos:pos + n])

    def _needing(self, pos: int) -> Callable[[int], bytes]:
        return lambda n: self._need(pos, n)

    def _skip_unknown(self, pos: int, n: int) -> int:
        what = self._need(pos, n)
        self.unknown.append(what.hex(" "))
        log.warning("skipped unknown ESC/POS command %s", what.hex(" "))
        return n

    def _emit(self, element: Any) -> None:
        if not self._can_print():
            self._dropped = True
            return
        self._elements.append(element)

    def _cur(self) -> Line:
        if self._line is None:
            self._line = Line(self.align, self.spacing)
        return self._line

    def _flush_line(self, force: bool = True) -> None:
        line = self._line
        self._line = None
        if line is None:
            if force:
                self._emit(Line(self.align, self.spacing))
                if self._can_print():
                    self._texts.append("")
            return
        line.spacing = self.spacing
        self._emit(line)
        if self._can_print():
            self._texts.append("".join(c for c, _ in line.cells).rstrip())

    def _end_page(self, cut: bool) -> None:
        elements, texts, qrs, dropped = self._elements, self._texts, self._qrs, self._dropped
        self._elements, self._texts, self._qrs, self._dropped = [], [], [], False
        if dropped:
            log.warning("printer not ready (paper out / cover open / offline): print data dropped")
        if any(not isinstance(e, Feed) and not (isinstance(e, Line) and not e.cells and not e.images)
               for e in elements):
            while texts and not texts[-1]:
                texts.pop()
            # part of this receipt was dropped (the paper ran out mid-way): it was not cut either
            self.page_dropped = dropped
            self._page(elements, texts, qrs, cut and not dropped)

    def _text(self, chars: str) -> None:
        line = self._cur()
        st = Style(**vars(self.style))
        for ch in chars:
            line.cells.append((ch, st))

    # one command (or one run of text) at pos; returns the bytes consumed
    def _step(self, pos: int) -> int:
        b = self._buf[pos]
        if b == 0x0A:
            self._flush_line()
            return 1
        if b in (0x0D, 0x00):
            return 1
        if b == 0x09:
            line = self._cur()
            col = sum(2 if wide(c) else 1 for c, _ in line.cells)
            self._text(" " * (8 - col % 8))
            return 1
        if b == 0x0C:  # FF: print and return to standard mode
            self._flush_line(force=False)
            return 1
        if b == 0x10:
            return self._dle(pos)
        if b == 0x1B:
            return self._esc(pos)
        if b == 0x1D:
            return self._gs(pos)
        if b == 0x1C:
            return self._fs(pos)
        if b < 0x20 or b == 0x7F:
            return self._skip_unknown(pos, 1)
        return self._text_run(pos)

    def _text_run(self, pos: int) -> int:
        end = pos
        buf = self._buf
        while end < len(buf):
            b = buf[end]
            if b < 0x20 or b == 0x7F:
                break
            if self.chinese and 0x81 <= b <= 0xFE:
                if end + 1 >= len(buf):
                    break
                n = 4 if 0x30 <= buf[end + 1] <= 0x39 else 2
                if end + n > len(buf):
                    break
                end += n
            else:
                end += 1
        if end == pos:
            raise Incomplete
        raw = bytes(buf[pos:end])
        self._text(raw.decode("gb18030" if self.chinese else self.codepage, errors="replace"))
        return end - pos

    def _dle(self, pos: int) -> int:
        cmd = self._need(pos, 2)[1]
        if cmd == 0x04:  # DLE EOT n: real-time status
            n = self._need(pos, 3)[2]
            answer = self._status(n, b"\x10\x04")
            if answer is not None:
                self._reply(answer)
            return 3
        if cmd == 0x05:  # DLE ENQ n
            return 3
        if cmd == 0x14:  # DLE DC4 fn ...
            return 5
        return self._skip_unknown(pos, 2)

    def _esc(self, pos: int) -> int:
        c = chr(self._need(pos, 2)[1])
        if c == "*":
            m, nl, nh = self._need(pos, 5)[2:5]
            cols = nl + 256 * nh
            size = bit_image_bytes(m, cols)
            self._cur().images.append(bit_image(m, cols, self._need(pos, 5 + size)[5:]))
            return 5 + size
        if c == "D":
            return esc_tab_stops(self._needing(pos))
        if c == "&":
            return esc_user_characters(self._needing(pos))
        if c == "(":
            return self._paren(pos, "ESC")
        n = ESC_FIXED.get(c)
        if n is None:
            return self._skip_unknown(pos, 2)
        p = self._need(pos, 2 + n)[2:]
        if c == "@":
            self._flush_line(force=False)
            self._reset()
        elif c == "a":
            self.align = p[0] % 48 if p[0] >= 48 else p[0]
            if self._line is not None and not self._line.cells and not self._line.images:
                self._line.align = self.align
        elif c in "EG":
            self.style.bold = bool(p[0] & 1)
        elif c == "-":
            self.style.underline = p[0] % 48 if p[0] >= 48 else p[0]
        elif c == "M":
            self.style.font_b = (p[0] % 48 if p[0] >= 48 else p[0]) == 1
        elif c == "!":
            self.style.font_b = bool(p[0] & 0x01)
            self.style.bold = bool(p[0] & 0x08)
            self.style.height = 2 if p[0] & 0x10 else 1
            self.style.width = 2 if p[0] & 0x20 else 1
            self.style.underline = 1 if p[0] & 0x80 else 0
        elif c == "t":
            self.codepage = CODEPAGES.get(p[0], "cp437")
        elif c == "2":
            self.spacing = DEFAULT_LINE_SPACING
        elif c == "3":
            self.spacing = p[0]
        elif c == "d":
            self._flush_line(force=False)
            if p[0]:
                self._emit(Feed(p[0] * self.spacing))
        elif c == "J":
            self._flush_line(force=False)
            self._emit(Feed(p[0]))
        elif c in "im":
            self._cut()
        return 2 + n

    def _gs(self, pos: int) -> int:
        c = chr(self._need(pos, 2)[1])
        if c == "(":
            return self._paren(pos, "GS")
        if c == "V":
            m = self._need(pos, 3)[2]
            n = 1 if m in (65, 66, 97, 98, 103, 104) else 0
            self._need(pos, 3 + n)
            self._cut()
            return 3 + n
        if c == "v":
            head = self._need(pos, 8)
            if head[2] != 0x30:
                return self._skip_unknown(pos, 3)
            m, xl, xh, yl, yh = head[3:8]
            wb, h = xl + 256 * xh, yl + 256 * yh
            img = raster_image(m, wb, h, self._need(pos, 8 + wb * h)[8:])
            self._flush_line(force=False)
            self._emit(Block(img, self.align))
            return 8 + wb * h
        if c == "k":
            m, n = gs_barcode(self._needing(pos))
            self.unknown.append(f"barcode {m}")
            log.warning("barcodes are not rendered (GS k %d)", m)
            return n
        if c == "*":
            return gs_downloaded_image(self._needing(pos))
        if c == "8":  # GS 8 L p1 p2 p3 p4 m fn ... (large GS ( L)
            head = self._need(pos, 7)
            size = int.from_bytes(head[3:7], "little")
            self._need(pos, 7 + size)
            self._graphics(bytes(self._buf[pos + 7:pos + 7 + size]))
            return 7 + size
        fixed = GS_FIXED.get(c)
        if fixed is None:
            return self._skip_unknown(pos, 2)
        p = self._need(pos, 2 + fixed)[2:]
        if c == "!":
            self.style.width = (p[0] >> 4 & 0x07) + 1
            self.style.height = (p[0] & 0x07) + 1
        elif c == "B":
            self.style.invert = bool(p[0] & 1)
        elif c == "r":
            answer = self._status(p[0], b"\x1dr")
            if answer is not None:
                self._reply(answer)
        elif c == "I":
            self._reply(b"_EscposEmulator\x00" if p[0] >= 65 else b"\x20")
        return 2 + fixed

    def _fs(self, pos: int) -> int:
        c = chr(self._need(pos, 2)[1])
        if c == "(":
            return self._paren(pos, "FS")
        if c == "2":  # user-defined Kanji: c1 c2 + 72 bytes
            self._need(pos, 76)
            return 76
        if c == "q":
            return fs_nv_images(self._needing(pos))
        fixed = FS_FIXED.get(c)
        if fixed is None:
            return self._skip_unknown(pos, 2)
        p = self._need(pos, 2 + fixed)[2:]
        if c == "&":
            self.chinese = True
        elif c == ".":
            self.chinese = False
        elif c == "!":
            self.style.width = 2 if p[0] & 0x04 else 1
            self.style.height = 2 if p[0] & 0x08 else 1
            self.style.underline = 1 if p[0] & 0x80 else 0
        return 2 + fixed

    def _paren(self, pos: int, prefix: str) -> int:
        """ESC/GS/FS ( X pL pH data: length-prefixed."""
        head = self._need(pos, 5)
        fn_class = chr(head[2])
        size = head[3] + 256 * head[4]
        body = self._need(pos, 5 + size)[5:]
        if prefix == "GS" and fn_class == "k":
            self._qr(body)
        elif prefix == "GS" and fn_class == "L":
            self._graphics(body)
        elif prefix == "GS" and fn_class in "ACDEHKMNPQz":
            pass  # settings and maintenance functions: nothing to draw
        else:
            self.unknown.append(f"{prefix} ( {fn_class}")
            log.warning("skipped %s ( %s function (%d bytes)", prefix, fn_class, size)
        return 5 + size

    def _qr(self, body: bytes) -> None:
        if len(body) < 2:
            return
        cn, fn = body[0], body[1]
        if cn != 49:  # 48 PDF417, 50 MaxiCode ...: not rendered
            self.unknown.append(f"2D code cn={cn} fn={fn}")
            return
        if fn == 81:
            if not self.qr.data:
                return
            self._flush_line(force=False)
            self._emit(Block(self.qr.image(), self.align))
            if self._can_print():
                self._qrs.append(self.qr.text())
        elif fn == 82:
            self.unknown.append("QR size info")
        else:  # 65 model (always model 2 here), 67 module size, 69 error correction, 80 data
            self.qr.define(fn, body[2:])

    def _graphics(self, body: bytes) -> None:
        """GS ( L / GS 8 L: fn 112 stores a raster graphic, fn 50 prints it."""
        if len(body) < 2:
            return
        fn = body[1]
        if fn == 112 and len(body) >= 10:
            self.graphics = stored_graphic(body)
        elif fn in (50, 2) and self.graphics is not None:
            self._flush_line(force=False)
            self._emit(Block(self.graphics, self.align))

    def _cut(self) -> None:
        self._flush_line(force=False)
        self._end_page(cut=True)
