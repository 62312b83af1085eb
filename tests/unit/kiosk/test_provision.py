"""The wizard's checklist and its refusals (kiosk/viewmodels/provision.py) speak the technician's language: a
driver's refusal, a step's own refusal and how each test went are said in Chinese, with device paths and the
technical text of what nobody words (an unknown error) kept as they are."""
from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from drivers.base import ID_READER_NOT_CONNECTED, DeviceUnavailable
from drivers.detect import Detection
from kiosk.config import Settings
from kiosk.staff.provisioning import Provisioner
from kiosk.viewmodels.root import KioskViewModel
from sync.store import Store
from tests.helpers.stubs import FakePrinter, FakeReader, make_services, staff_backend
from tests.unit.kiosk.staff.test_provisioning import Devices


def test_the_checklist_and_the_refusals_are_in_chinese(qtbot: QtBot, chinese: object, tmp_path: Path) -> None:
    store = Store(tmp_path / "kiosk.db")
    backend = staff_backend(store)
    printer, unplugged = FakePrinter(), FakeReader(error=DeviceUnavailable(ID_READER_NOT_CONNECTED, "/dev/ttyUSB0"))
    backend.provision = Provisioner(Settings(data_dir=str(tmp_path)), None,
                                    lambda s: Devices(unplugged, printer),
                                    find=lambda draft, progress: Detection())
    vm = KioskViewModel(make_services(staff=backend))
    try:
        wizard = vm.provision
        wizard.enroll("ftp://network", "123456")
        qtbot.waitUntil(lambda: not wizard.working)
        assert wizard.error == "操作未成功：网络地址须以 http:// 或 https:// 开头"

        wizard.goTo(2)
        wizard.testCard()
        qtbot.waitUntil(lambda: not wizard.working)
        assert wizard.error == "操作未成功：身份证读卡器没有连接，请找工作人员。（/dev/ttyUSB0）"
        wizard.testScan()
        qtbot.waitUntil(lambda: not wizard.working)
        printer.print_receipt = lambda receipt: (_ for _ in ()).throw(RuntimeError("spool full"))  # nobody words it
        wizard.testPrint()
        qtbot.waitUntil(lambda: not wizard.working)
        assert wizard.error == "操作未成功：出错：RuntimeError: spool full"
        checks = {c["key"]: c for c in wizard.checks}
        assert (checks["card"]["state"], checks["card"]["detail"]) == ("failed", "身份证读卡器没有连接，请找工作人员。（/dev/ttyUSB0）")
        assert (checks["scanner"]["state"], checks["scanner"]["detail"]) == ("ok", "未配置")
        assert checks["printer"]["detail"] == "出错：RuntimeError: spool full"

        wizard.save()  # started without --config
        qtbot.waitUntil(lambda: not wizard.working)
        assert wizard.error == "操作未成功：没有可写入的设置文件：请用 --config 启动终端"
        vm.setLanguage("en")
        assert {c["key"]: c for c in wizard.checks}["card"]["detail"] == \
            "The ID card reader is not connected. (/dev/ttyUSB0)"
    finally:
        store.close()
