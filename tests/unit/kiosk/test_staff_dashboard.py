"""The counter dashboard says what the clerk reads in words: the devices by the names the set-up wizard gives
them (身份证读卡器, not id_reader) and today's counts by status and sending state (已提交, not submitted), in the
screen's language, also after a language switch."""
from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from drivers.base import DeviceStatus, Health
from drivers.manager import DeviceInfo
from drivers.printer.messages import A4_PAPER_OUT
from kiosk.i18n import fill, tr
from kiosk.viewmodels import KioskViewModel
from kiosk.viewmodels.staff import quarantine_reason
from sync.desk import SyncDesk
from sync.model import Application
from tests.helpers.stubs import make_services, staff_backend
from tests.unit.kiosk.flow import clerk_signs_in
from tests.unit.sync.conftest import resident
from tests.unit.sync.test_salvage import NOW, kiosk


def test_devices_and_todays_counts_are_in_words(qtbot: QtBot, chinese: object, tmp_path: Path) -> None:
    store, outbox = kiosk(tmp_path / "kiosk.db")
    person = resident()
    service = outbox.catalogue.search("sfz")[0]
    outbox.enqueue(Application(service, person, {"name": person.name, "id_number": person.id_number,
                                                 "phone": "13800138000", "reason": "到期换领"}))
    backend = staff_backend(store)
    backend.devices = lambda: {
        "id_reader": DeviceInfo("id_reader", "card_reader", DeviceStatus.ok()),
        "a4printer": DeviceInfo("a4printer", "document_printer", DeviceStatus(Health.ERROR, A4_PAPER_OUT))}
    services = make_services(sync=SyncDesk(store, outbox, None), staff=backend)
    services.clock = lambda: NOW  # the day the case was submitted
    vm = KioskViewModel(services)
    try:
        clerk_signs_in(qtbot, vm)
        vm.staff.refresh()
        qtbot.waitUntil(lambda: vm.staff.dayTotal == 1, timeout=5000)
        assert [(d["label"], d["reason"]) for d in vm.staff.devices] == [
            ("A4 打印机", "A4打印机缺纸，请找工作人员帮忙。"), ("身份证读卡器", "")]
        [row] = vm.staff.endOfDay
        assert (row["service"], row["status"], row["sync"], row["count"]) == (
            service.name, "已提交", "已保存在本机，等待发送", 1)
        line = fill(tr("StaffScreen", "%1 · %2 · %3: %4"), row["service"], row["status"], row["sync"], str(row["count"]))
        assert line == f"{service.name} · 已提交 · 已保存在本机，等待发送：1 件"  # as the screen's line reads
        vm.setLanguage("en")
        assert [d["label"] for d in vm.staff.devices] == ["A4 printer", "ID card reader"]
        assert (vm.staff.endOfDay[0]["status"], vm.staff.endOfDay[0]["sync"]) == (
            "Submitted", "Saved on this kiosk, waiting to be sent")
    finally:
        store.close()


def test_a_quarantined_case_says_why_in_the_clerks_language(qapp: object) -> None:
    from kiosk.i18n import Languages

    kept = "conflict: 登记编码已被内容不同的申请使用 / code already used by a case with different content"
    langs = Languages()
    try:
        langs.install("zh_CN")
        assert quarantine_reason(kept) == "网络上已有同号的其他办件：登记编码已被内容不同的申请使用"
        langs.install("en")
        assert quarantine_reason(kept) == "The network holds another case under this code: code already used by a " \
                                          "case with different content"
        assert quarantine_reason("[rating] invalid: bad level") == "[rating] invalid: bad level"  # as kept
    finally:
        langs.remove()


def test_the_header_names_a_card_holder_not_the_shared_pin(qtbot: QtBot, tmp_path: Path) -> None:
    from kiosk.staff.auth import Login
    from sync.store import Store

    store = Store(tmp_path / "kiosk.db")
    vm = KioskViewModel(make_services(staff=staff_backend(store)))
    try:
        clerk_signs_in(qtbot, vm)  # the hall's shared PIN: recorded as "counter", which names nobody
        assert (vm.staff.staffId, vm.staff.shownId) == ("counter", "")
        vm.staff.logout()
        vm.staff._logged_in(Login(ok=True, staff_id="S001", role="staff"))  # a staff card
        assert vm.staff.shownId == "S001"
    finally:
        store.close()
