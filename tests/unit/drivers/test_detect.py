"""The wizard's serial search sends bytes only to a port that looks like a printer's or reader's (a known USB
serial bridge) or that is named; any other port - a modem, a UPS - is listed without a byte written to it.

A pty has no USB identity, and this machine has no USB serial port, so the identity sysfs would give a USB port
(pyserial's vid/pid) is put on a pty's entry in pyserial's list: the bytes then really go (or do not go) down the
pty to a real ESC/POS emulator, or to a pty end the test reads.

Cameras: every /dev/video node is asked what it is (nothing is sent to it but the query); one that is no camera
is listed as such, with why, and cannot be picked."""
from __future__ import annotations

import errno
import os
import select
from collections.abc import Iterator
from pathlib import Path

import pytest
from serial.tools import list_ports, list_ports_linux

from drivers import detect as codes
from drivers.detect import detect, find_cameras, find_serial
from drivers.sim.escpos_emulator import EscposEmulator
from drivers.sim.pty_bridge import PtyBridge


@pytest.fixture
def listed(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """{pty path: "vvvv:pppp" or ""}: pyserial lists these ptys (only these), with that USB identity."""
    ports: dict[str, str] = {}

    def comports() -> list[list_ports_linux.SysFS]:
        out = []
        for path, usb in ports.items():
            info = list_ports_linux.SysFS(path)
            info.vid, info.pid = (int(usb[:4], 16), int(usb[5:], 16)) if usb else (None, None)
            out.append(info)
        return out

    monkeypatch.setattr(list_ports, "comports", comports)
    yield ports


@pytest.fixture
def pty() -> Iterator[tuple[int, str]]:
    """A pty pair: (the end the test reads, the device path the search sees)."""
    master, slave = os.openpty()
    yield master, os.ttyname(slave)
    os.close(slave)
    os.close(master)


def received(fd: int, wait: float = 0.3) -> bytes:
    got = b""
    while select.select([fd], [], [], wait)[0]:
        got += os.read(fd, 4096)
    return got


@pytest.mark.parametrize("usb", ["", "12d1:1001", "0bda:8153"], ids=["no-usb-identity", "modem", "unknown"])
def test_a_port_that_does_not_look_like_a_device_gets_no_byte(listed: dict[str, str], pty: tuple[int, str],
                                                              usb: str) -> None:
    master, path = pty
    listed[path] = usb
    found = find_serial()
    assert received(master) == b""
    assert [(f.role, f.settings, f.likely) for f in found] == [("scanner", {"kind": "serial", "port": path}, False)]
    assert found[0].detail.startswith("not asked") and found[0].detail.code == codes.NOT_ASKED  # the kiosk words it


def test_a_port_behind_a_known_bridge_is_asked(listed: dict[str, str], tmp_path: Path) -> None:
    with EscposEmulator(tmp_path / "r") as emu, PtyBridge("127.0.0.1", emu.port) as line:
        listed[line.device_path] = "1a86:7523"  # a CH340 cable
        found = find_serial()
        assert emu.receipts == []  # asking printed nothing
    assert [(f.role, f.settings) for f in found] == [
        ("printer", {"kind": "serial", "device": line.device_path, "baudrate": 19200})]
    assert "(1a86:7523)" in found[0].name
    assert (found[0].detail.code, found[0].detail.args) == (codes.PRINTER_ANSWERED, ("19200",))


def test_a_named_port_is_asked_whatever_it_is(listed: dict[str, str], pty: tuple[int, str], tmp_path: Path) -> None:
    master, path = pty
    listed[path] = ""  # listed, no identity: a native UART, say
    with EscposEmulator(tmp_path / "r") as emu, PtyBridge("127.0.0.1", emu.port) as line:
        found = find_serial([line.device_path])  # not in pyserial's list (a pty), but named
    assert received(master) == b""
    assert ("printer", {"kind": "serial", "device": line.device_path, "baudrate": 19200}) in [
        (f.role, f.settings) for f in found]
    named_quiet = find_serial([path])
    assert received(master).startswith(b"\x10\x04\x01")  # named: asked (and it did not answer)
    assert [(f.detail, f.detail.code) for f in named_quiet] == [("no answer", codes.NO_ANSWER)]


def test_a_scanner_makers_port_is_offered_without_a_byte(listed: dict[str, str], pty: tuple[int, str]) -> None:
    master, path = pty
    listed[path] = "0c2e:0b61"  # a Honeywell scanner in USB serial mode
    found = find_serial()
    assert received(master) == b""
    assert [(f.role, f.settings, f.likely) for f in found] == [("scanner", {"kind": "serial", "port": path}, True)]
    assert (found[0].detail.code, found[0].detail.args) == (codes.SCANNER_MAKER, ("Honeywell", "0c2e:0b61"))



# -- cameras. This machine has no /dev/video device (and no v4l2loopback module): the listing is given nodes
# made here, which are no video devices, so the kernel really refuses the video API on each; the answer of a
# real camera's node (VIDIOC_QUERYCAP) is given by the test instead of the kernel.

def not_video_nodes(folder: Path) -> list[str]:
    (folder / "video0").write_bytes(b"")  # a plain file
    (folder / "video1").symlink_to("/dev/null")  # a character device that is no video device
    (folder / "video2").mkdir()
    (folder / "video3").symlink_to(folder / "unplugged")  # a node that went away
    return [str(folder / f"video{n}") for n in range(4)]


def test_nodes_that_are_no_cameras_are_listed_as_such_with_why(tmp_path: Path) -> None:
    assert not Path("/dev/video0").exists()  # no video device here: the nodes below stand in
    found = find_cameras(not_video_nodes(tmp_path), by_id=str(tmp_path / "by-id"))
    assert [f.name for f in found] == [str(tmp_path / f"video{n}") for n in range(4)]
    assert all(f.role == "camera" and f.settings == {} and not f.likely for f in found)
    assert [f.detail for f in found] == ["not a camera: it does not answer the video API"] * 3 + [
        "not a camera: gone (unplugged?)"]
    assert [f.detail.code for f in found] == [codes.NO_VIDEO_API] * 3 + [codes.GONE]  # what the kiosk words


def test_no_video_device_at_all_is_nothing_found_and_detect_goes_on(tmp_path: Path) -> None:
    assert find_cameras([]) == []
    got = detect(cups_server="127.0.0.1:1", hid_paths=[], video_paths=not_video_nodes(tmp_path))
    assert [f.role for f in got.for_role("camera")] == ["camera"] * 4
    assert not any(n.startswith("video") for n in got.notes)  # looked at: nothing there is a camera
    assert got.notes and all(n.code == codes.SOURCE_FAILED and len(n.args) == 2 for n in got.notes)


def answers(monkeypatch: pytest.MonkeyPatch, caps: dict[str, int]) -> None:
    """The nodes in `caps` answer VIDIOC_QUERYCAP as a UVC camera's would, with those device capabilities."""
    from linuxpy.video import device, raw

    real = device.read_capabilities

    def read_capabilities(fd: int) -> raw.v4l2_capability:
        path = os.readlink(f"/proc/self/fd/{fd}")
        if path not in caps:
            return real(fd)
        got = raw.v4l2_capability()
        got.driver, got.card, got.bus_info = b"uvcvideo", b"HD Webcam: HD Webcam", b"usb-0000:00:14.0-2"
        got.capabilities, got.device_caps = caps[path] | raw.Capability.DEVICE_CAPS, caps[path]
        return got

    monkeypatch.setattr(device, "read_capabilities", read_capabilities)


def test_a_capture_node_is_offered_by_its_stable_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from linuxpy.video.raw import Capability

    nodes = not_video_nodes(tmp_path)
    by_id = tmp_path / "by-id"
    by_id.mkdir()
    (by_id / "usb-HD_Webcam-video-index0").symlink_to(nodes[0])
    meta = str(tmp_path / "video4")  # a UVC camera's second node: its metadata
    (tmp_path / "video4").write_bytes(b"")
    answers(monkeypatch, {nodes[0]: Capability.VIDEO_CAPTURE | Capability.STREAMING,
                                    meta: Capability.META_CAPTURE | Capability.STREAMING})
    camera, metadata = find_cameras([nodes[0], meta], by_id=str(by_id))
    assert camera.settings == {"kind": "v4l2", "device": str(by_id / "usb-HD_Webcam-video-index0")} and camera.likely
    assert camera.name == f"HD Webcam: HD Webcam ({by_id / 'usb-HD_Webcam-video-index0'})"
    assert camera.detail == "uvcvideo, usb-0000:00:14.0-2"
    assert metadata.settings == {} and not metadata.likely and metadata.detail == "not a camera: metadata (uvcvideo)"
    assert (metadata.detail.code, metadata.detail.args) == (codes.VIDEO_METADATA, ("uvcvideo",))


@pytest.mark.parametrize(("err", "code", "args"), [
    (errno.EACCES, codes.NO_PERMISSION, ("dialout",)), (errno.EBUSY, codes.BUSY, ()), (errno.ENOENT, codes.GONE, ()),
    (errno.EIO, codes.NOT_OPENED, ("OSError: [Errno 5] Input/output error",))])
def test_a_port_that_cannot_be_opened_says_why_by_code(err: int, code: str, args: tuple[str, ...]) -> None:
    why = codes.refused(OSError(err, os.strerror(err)), "dialout")
    assert (why.code, why.args) == (code, args) and str(why)  # the English stays, for the log
