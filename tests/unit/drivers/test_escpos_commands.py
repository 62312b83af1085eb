"""drivers.sim.escpos_commands: the length of each variable-length command the emulator reads past."""
from __future__ import annotations

import pytest

from drivers.sim import escpos_commands as cmd


def needing(data: bytes):
    def need(n: int) -> bytes:
        if n > len(data):
            raise cmd.Incomplete
        return data[:n]
    return need


def test_lengths_of_whole_commands() -> None:
    assert cmd.esc_tab_stops(needing(b"\x1bD\x08\x10\x00rest")) == 5
    assert cmd.esc_user_characters(needing(b"\x1b&\x03\x41\x42" + b"\x02" + b"\xff" * 6 + b"\x01" + b"\xff" * 3)) == 16
    assert cmd.gs_barcode(needing(b"\x1dk\x04123\x00")) == (4, 7)  # m 0-6: NUL-terminated
    assert cmd.gs_barcode(needing(b"\x1dk\x49\x03abc")) == (73, 7)  # m 65-73: a length byte
    assert cmd.gs_downloaded_image(needing(b"\x1d*\x01\x02" + b"\x00" * 16)) == 20
    assert cmd.fs_nv_images(needing(b"\x1cq\x01\x01\x00\x01\x00" + b"\x00" * 8)) == 15


@pytest.mark.parametrize(("length", "partial"), [
    (cmd.esc_tab_stops, b"\x1bD\x08"), (cmd.esc_user_characters, b"\x1b&\x03\x41\x42\x02\xff"),
    (cmd.gs_barcode, b"\x1dk\x04123"), (cmd.gs_barcode, b"\x1dk\x49\x03ab"), (cmd.gs_downloaded_image, b"\x1d*\x01\x02\x00"),
    (cmd.fs_nv_images, b"\x1cq\x01\x01\x00\x01\x00\x00"),
])
def test_a_cut_short_command_waits_for_more_bytes(length, partial: bytes) -> None:
    with pytest.raises(cmd.Incomplete):
        length(needing(partial))
