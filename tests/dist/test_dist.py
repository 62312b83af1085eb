"""The one-folder build (kiosk.spec): what it holds, and its own --selftest, offscreen, against simulated devices.

`make test-dist` builds dist/kiosk (`make dist`) and runs tests/dist on it (KIOSK_DIST=dist/kiosk).
`make test` skips them to stay fast; KIOSK_DIST=build runs them on a fresh build in a temporary folder.
"""
from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest

from drivers.sim.escpos_emulator import EscposEmulator
from drivers.sim.sam_reader import SamReaderSim, SimIdCard
from kiosk import config
from kiosk.config import FaceSettings, PrinterSettings, ReaderSettings, Settings
from servicenet.process import free_port
from tests.helpers.faces import SAME

ROOT = Path(__file__).absolute().parents[2]

pytestmark = pytest.mark.slow  # the one-folder dist: `make test-dist` (tests/dist/conftest.py)


def folder_size(path: Path) -> int:
    return sum(p.lstat().st_size for p in path.rglob("*"))


def test_the_build_holds_what_the_kiosk_needs(dist: Path) -> None:
    internal = dist / "_internal"
    qt = internal / "PySide6" / "Qt"
    assert os.access(dist / "kiosk", os.X_OK)
    assert (internal / "kiosk" / "qml" / "Main.qml").is_file()
    assert (internal / "assets" / "catalogue.json").is_file()
    for lang in ("zh_CN", "en"):
        qm, ts = internal / "kiosk" / "i18n" / f"{lang}.qm", internal / "kiosk" / "i18n" / f"{lang}.ts"
        assert qm.stat().st_size > 0 and qm.stat().st_mtime >= ts.stat().st_mtime
    assert sorted(p.name for p in (internal / "fonts").iterdir()) == ["NotoSansCJK-Bold.ttc",
                                                                      "NotoSansCJK-Regular.ttc"]
    platforms = {p.name for p in (qt / "plugins" / "platforms").iterdir()}
    assert {"libqwayland.so", "libqoffscreen.so", "libqxcb.so"} <= platforms  # cage, tests, a desktop
    assert any((qt / "plugins" / "wayland-shell-integration").glob("libxdg-shell.so"))
    assert (qt / "plugins" / "platforminputcontexts" / "libqtvirtualkeyboardplugin.so").is_file()
    assert any((qt / "qml" / "QtQuick" / "VirtualKeyboard" / "Plugins" / "Pinyin").glob("*.so"))
    assert list(internal.glob("hall_kiosk*.dist-info/METADATA")) or list(internal.glob("hall_kiosk*.egg-info"))
    assert not [p for p in dist.rglob("*") if p.is_symlink() and not p.exists()]  # no dangling links
    assert not list(dist.rglob("libQt6WebEngineCore*"))  # pruned: the wheel's WebEngine, 3D … stay out
    weights = internal / "face_recognition_models" / "models"  # 人证合一: the two files the matcher loads, no more
    assert sorted(p.name for p in weights.iterdir()) == ["dlib_face_recognition_resnet_model_v1.dat",
                                                        "shape_predictor_5_face_landmarks.dat"]
    assert not list(dist.rglob("shape_predictor_68_face_landmarks.dat")) and not list(dist.rglob("cv2"))
    size = folder_size(dist)
    print(f"\n{dist}: {size / 2**20:.0f} MiB")
    assert size < 450 * 2**20


@pytest.fixture
def devices(tmp_path: Path) -> Iterator[tuple[SamReaderSim, EscposEmulator]]:
    with SamReaderSim() as reader, EscposEmulator(out_dir=tmp_path / "receipts") as printer:
        reader.insert(SimIdCard.sample())
        yield reader, printer


def run_built(dist: Path, tmp_path: Path, settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(config.dump(settings), encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    # a bare environment, as systemd gives: nothing from this venv can help the frozen app
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen",
           "KIOSK_CACHE_DIR": str(tmp_path / "cache")}
    return subprocess.run([str(dist / "kiosk"), "--config", str(cfg), *args], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=90)


def settings_for(tmp_path: Path, reader: str, printer_port: int) -> Settings:
    return Settings(voice="none", data_dir=str(tmp_path / "var"), network_url=f"http://127.0.0.1:{free_port()}",
                    reader=ReaderSettings(kind="sam", port=reader),
                    printer=PrinterSettings(kind="network", host="127.0.0.1", port=printer_port, timeout=1.0))


def test_the_built_kiosk_passes_its_selftest(dist: Path, tmp_path: Path,
                                             devices: tuple[SamReaderSim, EscposEmulator]) -> None:
    reader, printer = devices
    settings = settings_for(tmp_path, reader.device_path, printer.port)
    settings.face = FaceSettings(kind="sim", images=str(SAME[0]))  # the frozen dlib and weights look at a face
    done = run_built(dist, tmp_path, settings, "--selftest", "--selftest-json", str(tmp_path / "report.json"))
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    checks = {c["name"]: c for c in json.loads((tmp_path / "report.json").read_text("utf-8"))["checks"]}
    out = done.stdout
    assert out.splitlines()[-1] == "RESULT: PASS"
    assert "frozen=True" in out and "PASS  keyboard pinyin" in out and "PASS  font" in out
    assert f"{dist}/_internal/kiosk/i18n/zh_CN.qm" in out  # the shipped catalogue, not one built here
    assert checks["device reader"]["ok"] and checks["device reader"]["detail"] == "sam: ok"
    assert checks["device printer"]["ok"] and checks["device printer"]["detail"] == "network: ok"
    # USB printers: without PyInstaller's pyusb runtime hook the app loads the libusb it ships, not the system's
    assert checks["face check"]["ok"] and checks["face check"]["detail"].endswith("1 face(s) in the camera's picture")
    assert checks["usb"]["ok"] and checks["usb"]["detail"] == f"libusb {dist}/_internal/libusb-1.0.so.0"
    assert not (tmp_path / "cache" / "hall-kiosk" / "i18n").exists()
    logs = (tmp_path / "var" / "logs" / "kiosk.log").read_text("utf-8")
    assert f'"version": "{metadata.version("hall-kiosk")}"' in logs


def test_the_built_kiosk_fails_its_selftest_without_a_printer(dist: Path, tmp_path: Path,
                                                              devices: tuple[SamReaderSim, EscposEmulator]) -> None:
    reader, _ = devices
    done = run_built(dist, tmp_path, settings_for(tmp_path, reader.device_path, free_port()), "--selftest")
    assert done.returncode == 1
    assert done.stdout.splitlines()[-1] == "RESULT: FAIL (device printer)"


def test_the_built_kiosk_knows_its_version(dist: Path, tmp_path: Path) -> None:
    done = run_built(dist, tmp_path, Settings(data_dir=str(tmp_path / "var")), "--version")
    assert done.returncode == 0 and done.stdout.strip() == metadata.version("hall-kiosk")
