"""Draw parsed ESC/POS output onto 80 mm paper: CJK glyph cells, bit images, feeds (Pillow).

The elements (Style, Line, Block, Feed) are what drivers.sim.escpos_parser produces; `render_page` turns
one receipt's elements into a greyscale image, 576 dots wide (80 mm at 203 dpi).
"""
from __future__ import annotations

import logging
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont, ImageOps

log = logging.getLogger(__name__)

PAPER_DOTS = 576  # 80 mm paper, 72 mm printable at 203 dpi
MARGIN_TOP = 24
MARGIN_BOTTOM = 24
DEFAULT_LINE_SPACING = 30
FONT_A = (12, 24)  # half-width cell; a CJK cell is twice as wide
FONT_B = (9, 17)
FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
)


@lru_cache(maxsize=4)
def find_font(bold: bool = False) -> tuple[str, int] | None:
    """(path, face index) of a Noto Sans CJK SC face, or None."""
    pattern = "Noto Sans CJK SC" + (":bold" if bold else "")
    if shutil.which("fc-match"):
        try:
            out = subprocess.run(["fc-match", "-f", "%{file}|%{index}", pattern], capture_output=True,
                                 text=True, timeout=5, check=False).stdout
            path, _, index = out.partition("|")
            if "CJK" in path and Path(path).is_file():
                return path, int(index or 0)
        except (OSError, subprocess.SubprocessError, ValueError):
            pass
    for cand in FONT_CANDIDATES:
        if bold:
            cand = cand.replace("-Regular", "-Bold")
        if Path(cand).is_file():
            for i in range(10):  # pick the Simplified Chinese face of the collection
                try:
                    family = ImageFont.truetype(cand, 12, index=i).getname()[0] or ""
                except OSError:
                    break
                if family.endswith(" SC"):
                    return cand, i
            return cand, 0
    return None


@lru_cache(maxsize=32)
def _font(size: int, bold: bool) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    found = find_font(bold) or (find_font(False) if bold else None)
    if found is None:
        log.warning("no CJK font found (install fonts-noto-cjk): Chinese renders as boxes")
        return ImageFont.load_default(size)
    return ImageFont.truetype(found[0], size, index=found[1])


def wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


@lru_cache(maxsize=4096)
def glyph(ch: str, font_b: bool, bold: bool) -> Image.Image:
    """A glyph mask (L, 255 = ink) exactly one cell in size (half or full width)."""
    cw, chh = FONT_B if font_b else FONT_A
    if wide(ch):
        cw *= 2
    mask = Image.new("L", (cw, chh), 0)
    if ch.strip() == "":
        return mask
    font = _font(chh, bold)
    natural = max(int(font.getlength(ch)) + 2, 1)
    tmp = Image.new("L", (max(natural, cw), chh), 0)
    ImageDraw.Draw(tmp).text((tmp.width / 2, chh / 2), ch, font=font, fill=255, anchor="mm")
    if tmp.width > cw:
        tmp = tmp.resize((cw, chh), Image.Resampling.LANCZOS)
    mask.paste(tmp, ((cw - tmp.width) // 2, 0))
    return mask


@dataclass
class Style:
    bold: bool = False
    underline: int = 0
    font_b: bool = False
    width: int = 1
    height: int = 1
    invert: bool = False


@dataclass
class Line:
    align: int
    spacing: int
    cells: list[tuple[str, Style]] = field(default_factory=list)
    images: list[Image.Image] = field(default_factory=list)  # ESC * bands, inline


@dataclass
class Block:
    image: Image.Image  # L, black on white
    align: int


@dataclass
class Feed:
    dots: int


def line_height(line: Line) -> int:
    tallest = 0
    for _, st in line.cells:
        tallest = max(tallest, (FONT_B if st.font_b else FONT_A)[1] * st.height)
    for im in line.images:
        tallest = max(tallest, im.height)
    return tallest


def _render_line(canvas: Image.Image, y: int, line: Line) -> int:
    """Draw one text line at y; return the dots fed."""
    tallest = line_height(line)
    pieces: list[tuple[Image.Image, Style | None]] = []
    for ch, st in line.cells:
        g = glyph(ch, st.font_b, st.bold)
        if st.width > 1 or st.height > 1:
            g = g.resize((g.width * st.width, g.height * st.height), Image.Resampling.BILINEAR)
        pieces.append((g, st))
    for im in line.images:
        pieces.append((im, None))
    total = sum(p.width for p, _ in pieces)
    x = {0: 0, 1: (PAPER_DOTS - total) // 2, 2: PAPER_DOTS - total}.get(line.align, 0)
    x = max(x, 0)
    for piece, style in pieces:
        top = y + tallest - piece.height  # characters of mixed sizes stand on one baseline
        if style is None:  # bit image band: black on white already
            canvas.paste(piece, (x, top))
        else:
            if style.invert:
                canvas.paste(0, (x, top, x + piece.width, top + piece.height))
                canvas.paste(255, (x, top), piece)
            else:
                canvas.paste(0, (x, top), piece)
                if style.bold and find_font(True) is None:  # double strike
                    canvas.paste(0, (x + 1, top), piece)
            if style.underline:
                canvas.paste(0, (x, top + piece.height - style.underline,
                                 x + piece.width, top + piece.height))
        x += piece.width
    return max(line.spacing, tallest)


def render_page(elements: list[Any]) -> Image.Image:
    height = MARGIN_TOP + MARGIN_BOTTOM
    for el in elements:
        if isinstance(el, Line):
            height += max(el.spacing, line_height(el))
        elif isinstance(el, Block):
            height += el.image.height
        else:
            height += el.dots
    canvas = Image.new("L", (PAPER_DOTS, max(height, 1)), 255)
    y = MARGIN_TOP
    for el in elements:
        if isinstance(el, Line):
            y += _render_line(canvas, y, el)
        elif isinstance(el, Block):
            im = el.image.crop((0, 0, min(el.image.width, PAPER_DOTS), el.image.height))
            x = {1: (PAPER_DOTS - im.width) // 2, 2: PAPER_DOTS - im.width}.get(el.align, 0)
            canvas.paste(im, (x, y))
            y += im.height
        else:
            y += el.dots
    return canvas


def raster(data: bytes, width_bytes: int, height: int) -> Image.Image:
    """ESC/POS raster bits (1 = dot) -> L image, black dots on white."""
    bits = Image.frombytes("1", (width_bytes * 8, height), data)
    return ImageOps.invert(bits.convert("L"))
