"""drivers.sim.escpos_images: ESC/POS picture bytes become the images the emulator prints."""
from __future__ import annotations

import zxingcpp

from drivers.sim.escpos_images import QrSymbol, bit_image, bit_image_bytes, raster_image, stored_graphic


def test_qr_symbol_defined_in_steps_prints_its_data() -> None:
    qr = QrSymbol()
    qr.define(67, b"\x06")  # module size 6
    qr.define(69, b"\x31")  # error correction M
    qr.define(80, b"\x30https://hall.example/t/44010500126112600017")
    (found,) = zxingcpp.read_barcodes(qr.image())
    assert found.text == qr.text() == "https://hall.example/t/44010500126112600017"
    assert qr.size == 6 and qr.ecc == 49


def test_qr_settings_out_of_range_are_clamped() -> None:
    qr = QrSymbol()
    qr.define(67, b"\x40")
    qr.define(69, b"\x07")
    assert qr.size == 16 and qr.ecc == 48


def test_bit_image_modes_and_sizes() -> None:
    assert bit_image_bytes(0, 10) == 10 and bit_image_bytes(33, 10) == 30
    dense = bit_image(33, 2, b"\x80\x00\x00" + b"\x00\x00\x01")  # 24 dots, double density: as sent
    assert dense.size == (2, 24) and dense.getpixel((0, 0)) == 0 and dense.getpixel((1, 23)) == 0
    assert dense.getpixel((1, 0)) == 255
    single = bit_image(0, 2, b"\xff\x00")  # 8 dots, single density: twice as wide, three times as tall
    assert single.size == (4, 24)


def test_rasters_scale_by_mode_and_graphics_need_a_header() -> None:
    assert raster_image(0, 1, 2, b"\xff\x00").size == (8, 2)
    assert raster_image(3, 1, 2, b"\xff\x00").size == (16, 4)
    body = bytes([0x30, 112, 0x30, 1, 2, 0x31, 8, 0, 2, 0]) + b"\xff\x00"
    img = stored_graphic(body)
    assert img is not None and img.size == (8, 4)
    assert stored_graphic(body[:9]) is None
