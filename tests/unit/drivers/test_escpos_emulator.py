"""drivers.sim.escpos_emulator: the ESC/POS interpreter, status answers and the standalone server."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from escpos.printer import Dummy
from PIL import Image

from drivers.sim import escpos_emulator as emu_mod
from drivers.sim.escpos_emulator import EscposEmulator, EscposInterpreter

ROOT = Path(__file__).resolve().parents[3]


class Capture:
    def __init__(self, status: bytes = b"\x12") -> None:
        self.replies: list[bytes] = []
        self.pages: list[tuple[list[Any], list[str], list[str], bool]] = []
        self.interp = EscposInterpreter(self.replies.append, lambda *a: self.pages.append(a),
                                        lambda n, c: status)

    def feed(self, data: bytes, chunk: int = 0) -> "Capture":
        if chunk:
            for i in range(0, len(data), chunk):
                self.interp.feed(data[i:i + chunk])
        else:
            self.interp.feed(data)
        return self


def sample_job() -> bytes:
    d = Dummy()
    d._raw(b"\x1b@\x1c&\x1ba\x01\x1bE\x01")
    d._raw("受理回执 ￥20.00 堃䶮\n".encode("gb18030"))
    d._raw(b"\x1bE\x00\x1d!\x11" + b"4401 05\n" + b"\x1d!\x00")
    d.qr("https://example.cn/t/1", native=True, size=4)
    d._raw(b"\x1d\x56\x00")
    return d.output


def test_parses_text_styles_qr_and_cut() -> None:
    cap = Capture().feed(sample_job())
    (elements, texts, qrs, cut) = cap.pages[0]
    assert texts == ["受理回执 ￥20.00 堃䶮", "4401 05"]
    assert qrs == ["https://example.cn/t/1"] and cut
    first = elements[0]
    assert first.align == 1 and first.cells[0][1].bold
    assert elements[1].cells[0][1].width == 2 and elements[1].cells[0][1].height == 2
    assert cap.interp.unknown == []


def test_byte_by_byte_gives_the_same_result() -> None:
    whole = Capture().feed(sample_job()).pages[0]
    split = Capture().feed(sample_job(), chunk=1).pages[0]
    assert split[1:] == whole[1:]


def test_without_chinese_mode_text_is_cp437() -> None:
    cap = Capture().feed(b"\x1b@caf\x82\n\x1c&" + "中".encode("gb18030") + b"\n\x1c.\x82\n\x1dV\x01")
    assert cap.pages[0][1] == ["café", "中", "é"]


def test_unknown_commands_are_skipped_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    cap = Capture().feed(b"\x1b@\x1b\xfeA\n\x1d(Z\x02\x00\x01\x02B\x07\n\x1dV\x00")
    assert cap.pages[0][1] == ["A", "B"]
    assert cap.interp.unknown == ["1b fe", "GS ( Z", "07"]
    assert "unknown ESC/POS command 1b fe" in caplog.text


def test_status_requests_are_answered_in_order() -> None:
    cap = Capture(b"\x16").feed(b"\x10\x04\x01\x10\x04\x02\x1dr\x01")
    assert cap.replies == [b"\x16", b"\x16", b"\x16"]
    assert cap.pages == []


def test_images_raster_column_and_graphics() -> None:
    im = Image.new("1", (40, 30), 1)
    for x in range(40):
        im.putpixel((x, 0), 0)  # a black top row
    for impl in ("bitImageRaster", "bitImageColumn", "graphics"):
        d = Dummy()
        d.image(im.convert("RGB"), impl=impl)
        d.cut(feed=False)
        cap = Capture().feed(d.output)
        assert cap.interp.unknown == [], impl
        elements = cap.pages[0][0]
        blocks = [e.image for e in elements if isinstance(e, emu_mod._Block)]
        bands = [b for e in elements if isinstance(e, emu_mod._Line) for b in e.images]
        img = (blocks or bands)[0]
        assert img.getpixel((5, 0)) == 0 and img.getpixel((5, 3)) == 255, impl


def test_unfinished_receipt_is_rendered_on_disconnect() -> None:
    cap = Capture().feed(b"\x1c&" + "没有切纸\n".encode("gb18030"))
    assert cap.pages == []
    cap.interp.finish()
    assert cap.pages[0][1] == ["没有切纸"] and cap.pages[0][3] is False


@pytest.mark.parametrize(
    ("mode", "answers"),
    [
        (None, [0x12, 0x12, 0x12, 0x12]),
        ("offline", [0x1A, 0x12, 0x12, 0x12]),
        ("cover_open", [0x1A, 0x16, 0x12, 0x12]),
        ("paper_out", [0x1A, 0x32, 0x12, 0x7E]),
        ("paper_near_end", [0x12, 0x12, 0x12, 0x1E]),
        ("fault", [0x1A, 0x52, 0x52, 0x12]),
        ("cutter_error", [0x1A, 0x52, 0x1A, 0x12]),
    ],
)
def test_dle_eot_over_tcp(tmp_path: Path, mode: str | None, answers: list[int]) -> None:
    with EscposEmulator(tmp_path) as emu:
        if mode:
            setattr(emu, mode, True)
        with socket.create_connection(("127.0.0.1", emu.port), timeout=2) as s:
            got = []
            for n in (1, 2, 3, 4):
                s.sendall(bytes([0x10, 0x04, n]))
                got.append(s.recv(1)[0])
    assert got == answers


def test_not_ready_printer_drops_print_data(tmp_path: Path) -> None:
    with EscposEmulator(tmp_path) as emu:
        emu.cover_open = True
        with socket.create_connection(("127.0.0.1", emu.port), timeout=2) as s:
            s.sendall(b"\x1b@hello\n\x1dV\x00")
        emu.wait_idle()
        assert emu.receipts == []


def test_hang_accepts_but_never_answers(tmp_path: Path) -> None:
    with EscposEmulator(tmp_path) as emu:
        emu.hang = True
        with socket.create_connection(("127.0.0.1", emu.port), timeout=0.2) as s:
            s.sendall(b"\x10\x04\x01")
            with pytest.raises(socket.timeout):
                s.recv(1)


def test_font_is_a_cjk_face() -> None:
    found = emu_mod.find_font()
    assert found is not None and "CJK" in found[0]


def test_standalone_server(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "drivers.sim.escpos_emulator", "--port", "0", "--out", str(tmp_path)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        port = int(re.search(r":(\d+),", line).group(1))
        with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
            s.sendall(sample_job())
        deadline = time.monotonic() + 10
        while not (tmp_path / "receipt-001.png").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert (tmp_path / "receipt-001.png").exists()
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            assert proc.wait(timeout=5) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            if proc.stdout:
                proc.stdout.close()


def test_paper_runs_out_after_so_many_bytes(tmp_path: Path) -> None:
    with EscposEmulator(tmp_path) as emu:
        emu.paper_out_after = 13  # ESC @, "first line" and its LF: that line is on paper
        with socket.create_connection(("127.0.0.1", emu.port), timeout=2) as s:
            s.sendall(b"\x1b@first line\nsecond line\n\x1dV\x00")
            s.sendall(b"\x10\x04\x04")
            assert s.recv(1) == b"\x7e"  # paper end
        (got,) = emu.wait_for_receipts(1)
    assert got["lines"] == ["first line"] and got["partial"] and not got["cut"]
    assert Path(got["png"]).name == "receipt-001-partial.png"
    assert emu.paper_out and emu.paper_out_after is None


def test_split_modules_keep_the_old_names() -> None:
    from drivers.sim import escpos_parser, escpos_render

    assert emu_mod.EscposInterpreter is escpos_parser.EscposInterpreter
    assert emu_mod._Block is escpos_render.Block and emu_mod.render_page is escpos_render.render_page
