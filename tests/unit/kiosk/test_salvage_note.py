"""The note about a damaged kiosk.db (sync/salvage.py) stays on the staff screen until a clerk acknowledges it;
the acknowledgement is an audit-log entry and the note is kept in the store with who and when. It and the note
about a full disk are said in the clerk's language."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from kiosk.i18n import Languages
from kiosk.qt import QGuiApplication
from kiosk.viewmodels import KioskViewModel
from sync import salvage
from sync.desk import SyncDesk
from sync.diskfull import DiskWatch
from sync.model import Application
from tests.helpers.stubs import make_services, staff_backend
from tests.unit.kiosk.flow import clerk_signs_in
from tests.unit.sync.conftest import resident
from tests.unit.sync.test_salvage import NOW, close_checkpointed, damage_table, kiosk


def salvaged_kiosk(tmp_path: Path) -> tuple[Any, Any, list[str], Path]:
    """A kiosk whose kiosk.db was damaged (its catalogue table torn) and salvaged: store, outbox, codes, aside."""
    db = tmp_path / "kiosk.db"
    store, outbox = kiosk(db)
    person = resident()
    service = outbox.catalogue.search("sfz")[0]
    application = Application(service, person, {"name": person.name, "id_number": person.id_number,
                                                "phone": "13800138000", "reason": "到期换领"})
    codes = [outbox.enqueue(application).code for _ in range(2)]
    close_checkpointed(store)
    damage_table(db, "services")
    aside = salvage.set_aside_if_damaged(db, NOW)
    assert aside is not None
    store, outbox = kiosk(db)
    salvage.salvage(aside, store, NOW)
    return store, outbox, codes, aside


def test_staff_acknowledge_the_salvage_note(qtbot: QtBot, chinese: object, tmp_path: Path) -> None:
    store, outbox, codes, aside = salvaged_kiosk(tmp_path)
    backend = staff_backend(store)
    vm = KioskViewModel(make_services(sync=SyncDesk(store, outbox, None), staff=backend))
    clerk_signs_in(qtbot, vm)
    vm.staff.refresh()
    qtbot.waitUntil(lambda: vm.staff.salvaged, timeout=5000)
    assert "数据库损坏" in vm.staff.lastError

    vm.staff.acknowledgeSalvage()
    qtbot.waitUntil(lambda: not vm.staff.salvaged, timeout=5000)
    assert "数据库损坏" not in vm.staff.lastError and vm.staff.notice == "已确认数据库损坏恢复说明。"
    entries = [e for e in backend.audit.entries() if e.step == "staff_action"]
    assert entries[-1].actor == "counter" and entries[-1].detail["action"] == "acknowledge_salvage"
    kept = json.loads(store.get_kv(salvage.ACKED))
    assert kept[-1]["acknowledged_by"] == "counter" and sorted(kept[-1]["recovered"]) == sorted(codes)
    assert kept[-1]["set_aside"].endswith(aside.name)
    assert not SyncDesk(store, outbox, None).acknowledge_salvage("counter", NOW)  # nothing left to acknowledge
    assert backend.audit.verify().ok
    store.close()


def test_the_staff_notes_are_in_the_clerks_language(qtbot: QtBot, qapp: QGuiApplication, tmp_path: Path) -> None:
    """The salvage note and the full disk's note on an English staff screen are English (no Chinese in the line),
    and Chinese on a Chinese one, with the set-aside file's name and the count as they are."""
    store, outbox, codes, aside = salvaged_kiosk(tmp_path)
    store.disk = DiskWatch(store.data_dir, free=lambda _folder: 0)
    store.disk.failed("database")
    vm = KioskViewModel(make_services(sync=SyncDesk(store, outbox, None), staff=staff_backend(store)))
    clerk_signs_in(qtbot, vm)
    vm.staff.refresh()
    qtbot.waitUntil(lambda: vm.staff.salvaged, timeout=5000)
    english = vm.staff.lastError
    assert not re.search(r"[\u3000-\u9fff\uff00-\uffef]", english), english
    assert "damaged" in english and aside.name in english and f"{len(codes)} case" in english, english
    assert "disk is full" in english, english
    langs = Languages()
    langs.install("zh_CN")
    try:
        vm.staff.refresh()
        qtbot.waitUntil(lambda: vm.staff.lastError != english, timeout=5000)
        chinese = vm.staff.lastError
        assert "数据库损坏" in chinese and aside.name in chinese and f"恢复 {len(codes)} 件" in chinese, chinese
        assert "磁盘已满" in chinese and "请清理存储空间" in chinese and "；" in chinese, chinese
    finally:
        langs.remove()
    store.close()
