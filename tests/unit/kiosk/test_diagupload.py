"""The diagnostics upload on the staff screen says each step and, on failure, why in the clerk's words."""
from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.viewmodels import KioskViewModel
from sync.client import NetworkRefused, RetryLater, TooLarge
from sync.model import Offline
from sync.store import Store
from tests.helpers.stubs import FakeSync, make_services, staff_backend
from tests.unit.kiosk.flow import clerk_signs_in


@pytest.mark.parametrize("error, words", [
    (Offline("no route"), "当前无法连接政务服务网"),
    (RetryLater("HTTP 503"), "当前无法连接政务服务网"),
    (TooLarge("诊断包过大"), "超过网络允许的大小"),
    (NetworkRefused("HTTP 422 not a bundle"), "拒收诊断包：HTTP 422 not a bundle"),
    (None, "政务服务网已收到诊断包（编号 1，"),
])
def test_each_outcome_in_words(qtbot: QtBot, chinese: object, tmp_path: Path, error, words: str) -> None:
    store = Store(tmp_path / "kiosk.db")
    sync = FakeSync()
    sync.send_error = error
    vm = KioskViewModel(make_services(sync=sync, staff=staff_backend(store)))
    clerk_signs_in(qtbot, vm)
    upload = vm.staff.upload
    upload.send()
    assert upload.working and upload.step.startswith("第 1 步")
    qtbot.waitUntil(lambda: not upload.working, timeout=5000)
    assert words in upload.message and upload.state == ("done" if error is None else "failed")
    if error is None:
        [(name, data, staff)] = sync.sent
        assert name.startswith("diagnostics-") and data[:2] == b"PK" and staff == "counter"
    store.close()


@pytest.mark.parametrize(("orientation", "language"), [(o, lang) for o in ("portrait", "landscape")
                                                        for lang in ("zh_CN", "en")])
def test_every_picture_of_the_panel_fits(qapp, qtbot: QtBot, orientation: str, language: str) -> None:
    from tests.unit.kiosk import gallery, staff_gallery

    seen: list[str] = []
    report = gallery.walk(orientation, language, "normal", None, qtbot, check=lambda name, _: seen.append(name),
                          make=staff_gallery.make_kiosk, stops=staff_gallery.steps)
    assert report.problems == []
    assert seen == ["diagnostics-sending", "diagnostics-offline", "diagnostics-sent",
                    "technician-diagnostics-offline", "technician-diagnostics-sent"]


def test_the_bundle_sent_holds_no_personal_data_in_its_summary(qtbot: QtBot, chinese: object,
                                                               tmp_path: Path) -> None:
    """The sync state and device words go into summary.json: an error that quotes a resident's field (a refused
    case) is redacted as the logs are."""
    import io
    import zipfile

    from sync.model import SyncHealth
    from tests.helpers.stubs import NOW

    store = Store(tmp_path / "kiosk.db")
    sync = FakeSync(SyncHealth(queued=1, quarantined=1, last_success=NOW, online=True,
                               last_error="HTTP 422: phone 13912345678, id_number=440105199001011234 refused"))
    vm = KioskViewModel(make_services(sync=sync, staff=staff_backend(store)))
    clerk_signs_in(qtbot, vm)
    vm.staff.upload.send()
    qtbot.waitUntil(lambda: not vm.staff.upload.working, timeout=5000)
    [(_name, data, _staff)] = sync.sent
    summary = zipfile.ZipFile(io.BytesIO(data)).read("summary.json").decode("utf-8")
    assert "HTTP 422" in summary  # the error is still there to read
    assert "13912345678" not in summary and "440105199001011234" not in summary, summary
    store.close()
