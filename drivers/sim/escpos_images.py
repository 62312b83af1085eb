"""The pictures in an ESC/POS stream, decoded for the emulator's paper: ESC * bit images, GS v 0 rasters,
GS ( L / GS 8 L stored graphics and GS ( k QR symbols, each as a greyscale PIL image (black on white).

drivers.sim.escpos_parser finds the commands and their bytes; this module only turns bytes into images.
"""
from __future__ import annotations

import qrcode
from PIL import Image

from drivers.sim.escpos_render import raster

QR_ECC = {48: qrcode.constants.ERROR_CORRECT_L, 49: qrcode.constants.ERROR_CORRECT_M,
          50: qrcode.constants.ERROR_CORRECT_Q, 51: qrcode.constants.ERROR_CORRECT_H}


def _scaled(img: Image.Image, sx: int, sy: int) -> Image.Image:
    if sx == 1 and sy == 1:
        return img
    return img.resize((img.width * sx, img.height * sy), Image.Resampling.NEAREST)


def bit_image_bytes(m: int, cols: int) -> int:
    """How many data bytes ESC * m nL nH carries: 8-dot modes one byte per column, 24-dot modes three."""
    return cols * (3 if m in (32, 33) else 1)


def bit_image(m: int, cols: int, data: bytes) -> Image.Image:
    """ESC * m: one band of column-major dots; modes 0/1 (8 dots) and 32/33 (24 dots), single or double density."""
    per_col = 3 if m in (32, 33) else 1
    band = Image.new("L", (cols, per_col * 8), 255)
    px = band.load()
    assert px is not None
    for x in range(cols):
        for k in range(per_col):
            byte = data[x * per_col + k]
            for bit in range(8):
                if byte & (0x80 >> bit):
                    px[x, k * 8 + bit] = 0
    return _scaled(band, 1 if m in (1, 33) else 2, 1 if per_col == 3 else 3)


def raster_image(m: int, width_bytes: int, height: int, data: bytes) -> Image.Image:
    """GS v 0 m: a row-major raster; m bit 0 doubles the width, bit 1 the height."""
    return _scaled(raster(data, width_bytes, height), 2 if m & 1 else 1, 2 if m & 2 else 1)


def stored_graphic(body: bytes) -> Image.Image | None:
    """GS ( L fn 112 (store a raster graphic): the image it defines, or None when the body is too short."""
    if len(body) < 10:
        return None
    bx, by = body[3], body[4]
    x = body[6] + 256 * body[7]
    y = body[8] + 256 * body[9]
    wb = (x + 7) // 8
    return _scaled(raster(body[10:10 + wb * y], wb, y), 2 if bx == 2 else 1, 2 if by == 2 else 1)


class QrSymbol:
    """The QR symbol being defined by GS ( k cn=49: module size (fn 67), error correction (fn 69) and data
    (fn 80), until fn 81 prints it."""

    def __init__(self) -> None:
        self.data = b""
        self.size = 3
        self.ecc = 48

    def define(self, fn: int, params: bytes) -> None:
        """fn 67/69/80 with the bytes after fn; other functions change nothing."""
        if fn == 67 and params:
            self.size = max(1, min(params[0], 16))
        elif fn == 69 and params:
            self.ecc = params[0] if params[0] in QR_ECC else 48
        elif fn == 80:
            self.data = bytes(params[1:])

    def image(self) -> Image.Image:
        q = qrcode.QRCode(version=None, error_correction=QR_ECC[self.ecc], box_size=self.size, border=0)
        q.add_data(self.data)
        q.make(fit=True)
        return q.make_image(fill_color="black", back_color="white").get_image().convert("L")

    def text(self) -> str:
        return self.data.decode("utf-8", errors="replace")
