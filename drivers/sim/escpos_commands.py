"""How long an ESC/POS command is, for the emulator's parser: the commands with a fixed number of parameter
bytes, and the variable-length ones it reads past without drawing (tab stops, user characters, NV and
downloaded images, barcodes). `need(n)` gives the command's first n bytes or raises Incomplete.
"""
from __future__ import annotations

from collections.abc import Callable

Need = Callable[[int], bytes]


class Incomplete(Exception):
    """Not enough bytes yet for the command at hand."""


CODEPAGES = {0: "cp437", 2: "cp850", 3: "cp860", 4: "cp863", 5: "cp865", 16: "cp1252", 17: "cp866",
             18: "cp852", 19: "cp858"}

# ESC/GS/FS commands with a fixed number of parameter bytes (after the two command bytes)
ESC_FIXED = {
    "!": 1, "-": 1, "2": 0, "3": 1, "=": 1, "?": 1, "@": 0, "E": 1, "G": 1, "J": 1, "K": 1, "L": 0,
    "M": 1, "R": 1, "S": 0, "T": 1, "U": 1, "V": 1, "a": 1, "d": 1, "e": 1, "i": 0, "m": 0, "p": 3,
    "r": 1, "t": 1, "u": 1, "v": 0, "{": 1, " ": 1, "$": 2, "\\": 2, "%": 1, "c": 2, "B": 2, "W": 8,
    "C": 1, "<": 0, "F": 1, "I": 1, "O": 0, "n": 0, "k": 1, "l": 1, "q": 0, "x": 1, "8": 1,
}
GS_FIXED = {
    "!": 1, "B": 1, "H": 1, "L": 2, "W": 2, "h": 1, "w": 1, "f": 1, "a": 1, "b": 1, "P": 2, "r": 1,
    "I": 1, "$": 2, "\\": 2, "/": 1, "T": 1, "^": 3, "c": 0, "E": 1, "j": 1, "x": 1, "Z": 1, "z": 2,
    "A": 2, "C": 3,
}
FS_FIXED = {"&": 0, ".": 0, "!": 1, "-": 1, "C": 1, "S": 2, "W": 1, "p": 2, "?": 2, "A": 0, "G": 1,
            "D": 0, "r": 1, "s": 2}


def esc_tab_stops(need: Need) -> int:
    """ESC D n1 ... NUL: tab positions, NUL-terminated (at most 32)."""
    i = 2
    while need(i + 1)[i] != 0 and i < 34:
        i += 1
    return i + 1


def esc_user_characters(need: Need) -> int:
    """ESC & y c1 c2 [x d1 ... d(y*x)] ...: user-defined characters c1..c2."""
    y, c1, c2 = need(5)[2:5]
    i = 5
    for _ in range(max(c2 - c1 + 1, 0)):
        x = need(i + 1)[i]
        i += 1 + y * x
    need(i)
    return i


def gs_barcode(need: Need) -> tuple[int, int]:
    """GS k m ...: (system m, length); m 0-6 is NUL-terminated, m 65-73 carries a length byte."""
    m = need(3)[2]
    if m <= 6:
        i = 3
        while need(i + 1)[i] != 0:
            i += 1
        return m, i + 1
    n = 4 + need(4)[3]
    need(n)
    return m, n


def gs_downloaded_image(need: Need) -> int:
    """GS * x y d1 ... d(x*y*8): define a downloaded bit image."""
    x, y = need(4)[2:4]
    need(4 + x * y * 8)
    return 4 + x * y * 8


def fs_nv_images(need: Need) -> int:
    """FS q n [xL xH yL yH d ...] ...: define NV bit images."""
    n = need(3)[2]
    i = 3
    for _ in range(n):
        xl, xh, yl, yh = need(i + 4)[i:i + 4]
        i += 4 + (xl + 256 * xh) * (yl + 256 * yh) * 8
    need(i)
    return i
