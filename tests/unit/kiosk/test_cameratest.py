"""The wizard's camera test (kiosk/viewmodels/cameratest.py) through the real face model on the simulated camera
(this machine has no /dev/video device): it runs off the GUI thread and says what it is doing, then says in words
whether a face was seen, or why not; a camera picked afresh is tested anew. (The pictures of each state:
tests/unit/kiosk/provision_gallery.py, checked in test_provision_hardware.py.)"""
from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from domain.kiosksettings import FaceSettings
from drivers.detect import Detection, Found
from kiosk.config import Settings
from kiosk.staff.provisioning import Provisioner
from kiosk.viewmodels.root import KioskViewModel
from sync.store import Store
from tests.helpers.faces import MATCHER, NOBODY, SAME
from tests.helpers.stubs import make_services, staff_backend


def test_the_camera_test_runs_off_the_gui_thread_and_says_how_it_went(qtbot: QtBot, chinese: object,
                                                                      tmp_path: Path) -> None:
    store = Store(tmp_path / "kiosk.db")
    backend = staff_backend(store)
    backend.provision = Provisioner(Settings(data_dir=str(tmp_path)), None, lambda s: None, matcher=MATCHER,
                                    find=lambda draft, progress: Detection())
    vm = KioskViewModel(make_services(staff=backend))
    try:
        wizard, camera = vm.provision, vm.provision.camera
        draft = wizard.provisioner.draft
        wizard.goTo(2)
        wizard.testCamera()  # no camera chosen yet: said, nothing opened
        qtbot.waitUntil(lambda: not wizard.working)
        assert "尚未选择摄像头" in camera.result and camera.state == ""
        assert "camera" not in {c["key"] for c in wizard.checks}  # the checklist's line comes with a camera

        wizard.provisioner.use(Found("camera", {"kind": "sim", "images": str(SAME[0])}, "sim"))
        on_gui: list[bool] = []
        camera.progressed.connect(lambda phase: on_gui.append(threading.current_thread() is threading.main_thread()),
                                  Qt.ConnectionType.DirectConnection)  # where the test reports from
        phases: list[str] = []
        camera.changed.connect(lambda: phases.append(camera.progress) if camera.progress else None)
        wizard.testCamera()
        assert wizard.working == "camera" and camera.progress.startswith("正在加载人脸模型")
        qtbot.waitUntil(lambda: not wizard.working, timeout=30000)
        assert on_gui == [False, False, False]  # the model, the picture and the looking: all on a worker
        assert phases[-1] == "正在照片中查找人脸…" and "正在拍照…" in phases
        assert camera.result == "摄像头工作正常，看到 1 张人脸。照片未保存。" and camera.state == "ok"
        checks = {c["key"]: c for c in wizard.checks}
        assert checks["camera"]["state"] == "ok" and not checks["camera"]["required"]
        assert checks["camera"]["detail"].startswith("看到人脸：1 张")  # the checklist's words in Chinese too

        draft.face = FaceSettings(kind="sim", images=str(NOBODY))
        wizard.testCamera()
        qtbot.waitUntil(lambda: not wizard.working, timeout=30000)
        assert "没有看到人脸" in camera.result and camera.state == "failed"

        draft.face = FaceSettings(kind="v4l2", device=str(tmp_path / "video0"))  # no such device
        wizard.testCamera()
        qtbot.waitUntil(lambda: not wizard.working, timeout=30000)
        assert camera.result.startswith("摄像头没有给出画面：摄像头未连接。") and camera.state == "failed"
        assert {c["key"]: c for c in wizard.checks}["camera"]["detail"] == f"摄像头未连接。（{tmp_path / 'video0'}）"
        vm.setLanguage("en")
        assert camera.result.startswith("The camera did not give a picture: The camera is not connected.")

        wizard.goTo(1)  # back to the devices: a camera picked now is tested anew
        assert camera.result == "" and camera.state == ""
        qtbot.waitUntil(lambda: not wizard.hardware.working)
    finally:
        store.close()
