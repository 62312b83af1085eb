"""kiosk.selftest: every screen, translations, font, keyboard, store and devices; `kiosk --selftest` exit codes."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.sim.escpos_emulator import EscposEmulator
from drivers.sim.sam_reader import SamReaderSim, SimIdCard
from kiosk import config, selftest
from kiosk.config import PrinterSettings, ReaderSettings, Settings
from kiosk.qt import QGuiApplication
from kiosk.viewmodels.common import SCREENS
from servicenet.process import free_port

ROOT = Path(__file__).absolute().parents[3]


@pytest.fixture
def devices(tmp_path: Path) -> Iterator[tuple[SamReaderSim, EscposEmulator]]:
    with SamReaderSim() as reader, EscposEmulator(out_dir=tmp_path / "receipts") as printer:
        reader.insert(SimIdCard.sample())
        yield reader, printer


def settings_for(tmp_path: Path, reader: str | None, printer_port: int | None) -> Settings:
    return Settings(voice="none",
        data_dir=str(tmp_path / "var"), network_url=f"http://127.0.0.1:{free_port()}",
        reader=ReaderSettings(kind="sam", port=reader) if reader else ReaderSettings(kind="none"),
        printer=(PrinterSettings(kind="network", host="127.0.0.1", port=printer_port, timeout=1.0)
                 if printer_port else PrinterSettings(kind="none")),
    )


def run_in_process(settings: Settings) -> selftest.Report:
    from kiosk.app import KioskApp
    from kiosk.wiring import build_runtime

    runtime = build_runtime(settings, start_engine=False)
    try:
        kiosk = KioskApp(runtime.services, idle_timeout_s=600)
        try:
            kiosk.show()
            return selftest.run(kiosk, runtime, "1.2.3")
        finally:
            kiosk.close()
    finally:
        runtime.close()


def test_all_good_with_the_devices_present(qapp: QGuiApplication, tmp_path: Path,
                                           devices: tuple[SamReaderSim, EscposEmulator]) -> None:
    reader, printer = devices
    report = run_in_process(settings_for(tmp_path, reader.device_path, printer.port))
    by_name = {c.name: c for c in report.checks}
    assert report.ok, report.text()
    assert all(by_name[f"screen {s}"].ok for s in SCREENS)
    for name in ("back home", "window paints", "translation zh_CN", "translation en", "translation active", "font",
                 "keyboard", "keyboard pinyin", "store", "device reader", "device printer"):
        assert by_name[name].ok, by_name[name]
    assert by_name["device reader"].detail == "sam: ok" and by_name["device printer"].detail == "network: ok"
    network = by_name["network"]
    assert not network.ok and not network.required  # offline does not fail: the technician reads WARN
    assert any(line.startswith("WARN  network ") for line in report.text().splitlines()), report.text()
    assert by_name["usb"].ok and by_name["usb"].detail.startswith("libusb ")  # this machine has libusb
    assert report.text().splitlines()[-1] == "RESULT: PASS"


def test_no_libusb_is_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    from drivers.printer import usb_printer

    monkeypatch.setattr(usb_printer, "usb_library", lambda: None)
    report = selftest.Report("1.0")
    selftest.check_usb(report)
    (check,) = report.checks
    assert (check.name, check.ok, check.required) == ("usb", False, False)
    assert report.text().splitlines()[1].startswith("WARN  usb ") and report.ok


def test_the_report_speaks_the_kiosks_language(chinese: object, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each line: the mark and the name (what scripts read), then the check and how it went in Chinese; device
    paths, names and a driver's own detail as they are."""
    from drivers.base import PRINTER_NOT_RESPONDING, DeviceUnavailable, Note
    from drivers.face import SELFTEST_LOOKED
    from drivers.printer import usb_printer
    from kiosk.staff.provisioning import NOT_CONFIGURED, failed

    monkeypatch.setattr(usb_printer, "usb_library", lambda: None)
    report = selftest.Report("1.2.3")
    report.add("device reader", True, Note("sam: ok", selftest.HEALTH, "sam", "ok", ""))
    report.add("device printer", False, Note("network: error (…)", selftest.HEALTH, "network", "error",
                                             PRINTER_NOT_RESPONDING))
    report.add("device scanner", True, Note("not configured", NOT_CONFIGURED), required=False)
    report.add("face check", False, failed(DeviceUnavailable(PRINTER_NOT_RESPONDING, "/dev/ttyUSB1")))
    report.add("face check", True, Note("model loaded in 0.5 s, 1 face(s) in the camera's picture", SELFTEST_LOOKED,
                                        "0.5", 1))
    report.add("font", True, "Noto Sans CJK SC")
    selftest.check_usb(report)
    assert report.text().splitlines() == [
        "政务服务自助终端 1.2.3 自检",
        "PASS  device reader            设备 reader：sam：正常",
        "FAIL  device printer           设备 printer：network：不可用：回执打印机没有反应，请找工作人员。",
        "PASS  device scanner           设备 scanner：未配置",
        "FAIL  face check               人脸核验（模型和摄像头）：回执打印机没有反应，请找工作人员。（/dev/ttyUSB1）",
        "PASS  face check               人脸核验（模型和摄像头）：人脸模型加载用时 0.5 秒；摄像头画面中的人脸：1 张",
        "PASS  font                     中文字体：Noto Sans CJK SC",
        "WARN  usb                      能查找 USB 打印机：没有 libusb：找不到 USB 打印机",
        "未通过：设备 printer、人脸核验（模型和摄像头）",
        "RESULT: FAIL (device printer, face check)"]
    assert [c["detail"] for c in json.loads(report.to_json())["checks"]][:2] == ["sam: ok", "network: error (…)"]


def test_a_missing_device_fails_the_test(qapp: QGuiApplication, tmp_path: Path,
                                         devices: tuple[SamReaderSim, EscposEmulator]) -> None:
    reader, _ = devices
    report = run_in_process(settings_for(tmp_path, reader.device_path, free_port()))  # nobody on that port
    assert not report.ok
    assert [c.name for c in report.checks if c.required and not c.ok] == ["device printer"]
    assert report.text().splitlines()[-1] == "RESULT: FAIL (device printer)"
    assert json.loads(report.to_json())["ok"] is False


def test_unconfigured_devices_are_reported_not_failed(qapp: QGuiApplication, tmp_path: Path) -> None:
    report = run_in_process(settings_for(tmp_path, None, None))
    assert report.ok, report.text()
    assert {c.name: c.detail for c in report.checks}["device printer"] == "not configured"


def test_the_face_check_loads_its_model_and_looks_once(qapp: QGuiApplication, tmp_path: Path) -> None:
    from dataclasses import replace

    from kiosk.config import FaceSettings
    from tests.helpers.faces import SAME

    settings = replace(settings_for(tmp_path, None, None), face=FaceSettings(kind="sim", images=str(SAME[0])))
    by_name = {c.name: c for c in run_in_process(settings).checks}
    assert by_name["device face"].ok and by_name["device face"].detail == "sim: ok"
    assert by_name["face check"].ok and by_name["face check"].detail.endswith("1 face(s) in the camera's picture")
    settings = replace(settings, face=FaceSettings(kind="sim", images=str(tmp_path / "no-such.jpg")))
    report = run_in_process(settings)
    assert [c.name for c in report.checks if not c.ok and c.required] == ["face check"]  # a camera with no picture


def cli(tmp_path: Path, settings: Settings, *extra: str) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "kiosk.toml"
    path.write_text(config.dump(settings), encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_QUICK_BACKEND="software",
               KIOSK_CACHE_DIR=str(tmp_path / "cache"), PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "kiosk.boot", "--config", str(path), "--selftest", *extra],
                          env=env, cwd=tmp_path, capture_output=True, text=True, timeout=90)


def test_the_command_line_exits_0_or_1_with_a_report(tmp_path: Path,
                                                     devices: tuple[SamReaderSim, EscposEmulator]) -> None:
    reader, printer = devices
    good = cli(tmp_path, settings_for(tmp_path, reader.device_path, printer.port),
               "--selftest-json", str(tmp_path / "report.json"), "--selftest-shots", str(tmp_path / "shots"))
    assert good.returncode == 0, good.stdout + good.stderr
    assert good.stdout.splitlines()[-1] == "RESULT: PASS"
    report = json.loads((tmp_path / "report.json").read_text("utf-8"))
    assert report["ok"] is True and report["version"]
    screens = sorted(c["name"].split(" ", 1)[1] for c in report["checks"] if c["name"].startswith("screen "))
    assert screens and sorted(p.stem for p in (tmp_path / "shots").glob("*.png")) == screens

    bad = cli(tmp_path, settings_for(tmp_path, "/dev/nonexistent-reader", printer.port))
    assert bad.returncode == 1
    assert "FAIL  device reader" in bad.stdout and bad.stdout.splitlines()[-1] == "RESULT: FAIL (device reader)"
    lines = {line[6:30].strip(): line[31:] for line in bad.stdout.splitlines()[1:-2]}  # the kiosk speaks Chinese
    assert lines["font"].startswith("中文字体：") and lines["device reader"].startswith("设备 reader：sam：不可用：")
