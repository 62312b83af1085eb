"""The wizard's devices step (kiosk/viewmodels/hardware.py): the search runs off the GUI thread and reports
progress while it runs; the technician picks from what was found or types a device; nothing found says so.
And every picture of the step fits (tests/unit/kiosk/provision_gallery.py, pairwise like the resident screens)."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from drivers import detect
from drivers.base import Note
from drivers.detect import Detection, Found
from kiosk.config import Settings
from kiosk.qt import QGuiApplication, QThread
from kiosk.staff.provisioning import Progress, Provisioner
from kiosk.viewmodels.root import KioskViewModel
from sync.store import Store
from tests.helpers.stubs import make_services, staff_backend
from tests.unit.kiosk import gallery, provision_gallery
from tests.unit.kiosk.provision_gallery import FOUND
from tests.unit.kiosk.ui import Ui


class BlockingSearch:
    def __init__(self, answer: Detection) -> None:
        self.answer, self.release, self.threads = answer, threading.Event(), []

    def __call__(self, draft: Settings, progress: Progress | None) -> Detection:
        self.threads.append(QThread.currentThread() == QGuiApplication.instance().thread())
        assert progress is not None
        progress("serial", "1/3 /dev/ttyUSB0")
        assert self.release.wait(10)
        return self.answer


def wizard(tmp_path: Path, search: BlockingSearch) -> tuple[KioskViewModel, Store]:
    store = Store(tmp_path / "kiosk.db")
    backend = staff_backend(store)
    backend.provision = Provisioner(Settings(data_dir=str(tmp_path)), None, lambda s: None, find=search)
    return KioskViewModel(make_services(staff=backend)), store


def test_the_search_runs_off_the_gui_thread_with_progress(qtbot: QtBot, chinese: object, tmp_path: Path) -> None:
    search = BlockingSearch(FOUND)
    vm, store = wizard(tmp_path, search)
    try:
        hw = vm.provision.hardware
        vm.provision.goTo(1)  # entering the step starts the search
        assert vm.provision.step == "hardware"
        qtbot.waitUntil(lambda: hw.progress != "")
        assert hw.working and "串口" in hw.progress and "/dev/ttyUSB0" in hw.progress and hw.roles
        assert hw.progressValue == 0.0  # the first of six sources (serial, usb, hid, pcsc, cups, video)
        hw.progressed.emit("pcsc", "")
        qtbot.waitUntil(lambda: hw.progressValue == pytest.approx(0.5))
        hw.progressed.emit("video", "")
        qtbot.waitUntil(lambda: "摄像头" in hw.progress)
        search.release.set()
        qtbot.waitUntil(lambda: not hw.working)
        assert search.threads == [False]  # not on the GUI thread
        roles = {r["key"]: r for r in hw.roles}
        assert [o["name"] for o in roles["printer"]["options"]][:1] == ["Winbond POS-80 Printer (0416:5011)"]
        assert roles["scanner"]["options"][-1]["likely"] is False  # the unknown serial port last
        # what the search said of each device, in Chinese; paths, ids and speeds as they are
        assert [o["detail"] for o in roles["printer"]["options"]] == [
            "USB 总线 1，设备 5，序列号 K58-000123", "凭条打印机已应答（19200 波特）"]
        assert roles["scanner"]["options"][-1]["detail"] == "已询问，但没有应答"
        assert roles["a4"]["options"][0]["detail"] == "ipp://10.0.0.9/ipp/print"  # technical only: as it is

        hw.choose("printer", 0)
        draft = vm.provision.provisioner.draft
        assert (draft.printer.kind, draft.printer.usb_vendor, draft.printer.usb_serial) == ("usb", 0x0416, "K58-000123")
        assert {r["key"]: r for r in hw.roles}["printer"]["options"][0]["chosen"]
        assert "0416:5011" in vm.provision.devicesText
        assert {r["key"]: r for r in hw.roles}["printer"]["current"] == "USB 0416:5011，序列号 K58-000123"
        assert "凭条打印机：USB 0416:5011，序列号 K58-000123" in vm.provision.devicesText.splitlines()

        hw.choose("camera", 1)  # a camera's metadata node: listed, refused with why
        camera = {r["key"]: r for r in hw.roles}["camera"]
        assert camera["error"] == "这个设备不能使用：不是摄像头：这是摄像头的元数据接口，不是画面（uvcvideo）"
        assert draft.face.kind == "none" and not camera["options"][1]["chosen"]
        hw.choose("camera", 0)
        camera = {r["key"]: r for r in hw.roles}["camera"]
        assert (draft.face.kind, draft.face.device) == ("v4l2", "/dev/v4l/by-id/usb-HD_Webcam_200901010001-video-index0")
        assert camera["error"] == "" and camera["options"][0]["chosen"] and "usb-HD_Webcam" in vm.provision.devicesText

        hw.enter("scanner", "键盘")
        assert "/dev/input/by-id/" in {r["key"]: r for r in hw.roles}["scanner"]["error"]
        hw.enter("scanner", "/dev/ttyACM0")
        assert draft.scanner.kind == "serial" and {r["key"]: r for r in hw.roles}["scanner"]["error"] == ""
        assert {r["key"]: r for r in hw.roles}["scanner"]["current"] == "串口 /dev/ttyACM0"
        hw.enter("printer", "0000:5011")  # the settings' own rule refuses it: said after the sentence, as it is
        assert {r["key"]: r for r in hw.roles}["printer"]["error"].startswith(
            "不是可用于此处的设备：/dev/ttyUSB1、USB 编号 0416:5011 或 主机:9100（printer.usb_vendor / printer.usb_product:")

        search.answer = Detection([], [Note("cups: OSError: lpstat: No destinations added.", detect.SOURCE_FAILED,
                                            "cups", "OSError: lpstat: No destinations added.")])
        hw.find()
        search.release.set()
        qtbot.waitUntil(lambda: not hw.working)
        assert hw.nothingFound and hw.notes == "无法查找A4 打印机（CUPS）：OSError: lpstat: No destinations added."
        assert all(r["options"] == [] for r in hw.roles)
    finally:
        search.release.set()
        store.close()


@pytest.mark.parametrize(("orientation", "language", "mode"), [
    ("portrait", "zh_CN", "normal"), ("portrait", "en", "elderly"),
    ("landscape", "en", "normal"), ("landscape", "zh_CN", "elderly")])
def test_every_picture_of_the_step_fits(qapp: QGuiApplication, qtbot: QtBot, orientation: str, language: str,
                                        mode: str) -> None:
    seen: list[str] = []
    report = gallery.walk(orientation, language, mode, None, qtbot, check=lambda name, _: seen.append(name),
                          make=provision_gallery.make_kiosk, stops=provision_gallery.steps)
    assert report.problems == []
    assert seen == ["hardware-looking", "hardware-found", "hardware-chosen", "hardware-entry-refused",
                    "hardware-camera-refused", "hardware-nothing", "devices", "camera-loading", "camera-face",
                    "camera-no-face", "camera-failed", "camera-none"]


@pytest.mark.parametrize(("note", "words"), [
    (Note("not asked: …", detect.NOT_ASKED), "未询问：不是已知的 USB 串口线。如果上面接的是打印机或读卡器，请手动输入，再重新查找"),
    (Note("Honeywell (USB 0c2e:0b61), not asked", detect.SCANNER_MAKER, "Honeywell", "0c2e:0b61"),
     "Honeywell 扫码器（USB 0c2e:0b61），未询问：扫码器只在扫码时发送数据"),
    (Note("not a camera: no permission …", detect.NO_PERMISSION, "video"), "无权打开：终端程序的用户须加入 video 组"),
    (Note("not a camera: busy …", detect.BUSY), "占用中：另一个程序正在使用它"),
    (Note("SerialException: [Errno 5] EIO", detect.NOT_OPENED, "SerialException: [Errno 5] EIO"),
     "无法打开：SerialException: [Errno 5] EIO"),
    (Note("something new", "a_code_this_kiosk_does_not_know", "x"), "技术详情：something new"),
    ("/dev/v4l/by-id/usb-cam-video-index0", "/dev/v4l/by-id/usb-cam-video-index0"),
])
def test_a_device_that_cannot_be_used_says_why_in_chinese(qtbot: QtBot, chinese: object, tmp_path: Path, note: str,
                                                           words: str) -> None:
    search = BlockingSearch(Detection([Found("camera", {}, "/dev/video1", note, likely=False)]))
    search.release.set()
    vm, store = wizard(tmp_path, search)
    try:
        hw = vm.provision.hardware
        vm.provision.goTo(1)
        qtbot.waitUntil(lambda: hw.searched and not hw.working)
        hw.choose("camera", 0)
        camera = {r["key"]: r for r in hw.roles}["camera"]
        assert camera["options"][0]["detail"] == words and camera["error"] == f"这个设备不能使用：{words}"
    finally:
        store.close()


def test_the_wizard_title_keeps_its_step_on_a_line_of_its_own(qapp: QGuiApplication, qtbot: QtBot) -> None:
    kiosk = provision_gallery.make_kiosk("portrait")
    ui = Ui(kiosk, qtbot)
    try:
        for language, lines in (("zh_CN", ["终端初始化设置", "第 1 步，共 5 步"]), ("en", ["Set up this kiosk", "Step 1 of 5"])):
            kiosk.vm.setLanguage(language)
            kiosk.vm.navigate("provision")
            ui.settle()
            title = ui.find("screenTitle")
            assert title.property("text").split("\n") == lines and title.property("lineCount") == 2  # not "共 / 5 步"
    finally:
        kiosk.close()
