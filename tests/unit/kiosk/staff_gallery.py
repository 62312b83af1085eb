"""Pictures of the diagnostics panel on the staff screen and the technician's wizard: sending to the network
(step 2 of 2), refused for being offline (the USB button beside it), received. zh and en, portrait and landscape, checked like the resident
screens (tests/unit/kiosk/gallery.py: clipped text, tofu); staff screens have no elderly mode.

    python -m tests.unit.kiosk.staff_gallery [--out out/screens/gallery-staff]
"""
from __future__ import annotations

import shutil
import tempfile
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kiosk.app import KioskApp
from kiosk.staff.auth import Login
from kiosk.viewmodels.common import lazy
from sync.model import Offline
from sync.store import Store
from tests.helpers.stubs import FakeSync, make_services, staff_backend
from tests.unit.kiosk import gallery
from tests.unit.kiosk.flow import clerk_signs_in

OUT = gallery.OUT.parent / "gallery-staff"
SETS = [(o, lang, "normal") for o in ("portrait", "landscape") for lang in ("zh_CN", "en")]


def make_kiosk(orientation: str) -> KioskApp:
    folder = Path(tempfile.mkdtemp(prefix="staff-gallery-"))
    store = Store(folder / "kiosk.db")
    kiosk = KioskApp(make_services(sync=FakeSync(), staff=staff_backend(store)), orientation=orientation,
                     idle_timeout_s=600)
    weakref.finalize(kiosk, _remove, store, folder)
    kiosk.show()
    return kiosk


def _remove(store: Store, folder: Path) -> None:
    store.close()
    shutil.rmtree(folder, ignore_errors=True)


def steps(kiosk: KioskApp, ui: Any) -> Iterator[str]:
    vm = kiosk.vm
    clerk_signs_in(ui.qtbot, vm)
    upload = vm.staff.upload
    ui.tap("staffUploadDiagnostics")  # scrolls the panel into view, as a finger would
    ui.qtbot.waitUntil(lambda: not upload.working)
    upload._show("sending", lazy("staff", "Step 2 of 2: sending %1 to the network…", "1.2 MB"))  # mid-way
    ui.qtbot.wait(250)  # the panel scrolls the new line into view
    yield "diagnostics-sending"
    upload.reset()
    vm.services.sync.send_error = Offline("no route to the network")
    upload.send()
    ui.qtbot.waitUntil(lambda: upload.state == "failed")
    ui.qtbot.wait(250)
    yield "diagnostics-offline"
    vm.services.sync.send_error = None
    upload.send()
    ui.qtbot.waitUntil(lambda: upload.state == "done")
    ui.qtbot.wait(250)
    yield "diagnostics-sent"
    vm.staff.logout()  # a technician: the wizard's first step, with the same panel under the enrollment
    vm.staff._logged_in(Login(ok=True, staff_id="tech01", role="technician"))
    ui.qtbot.waitUntil(lambda: vm.screen == "provision")
    vm.services.sync.send_error = Offline("no route to the network")
    ui.tap("staffUploadDiagnostics")
    ui.qtbot.waitUntil(lambda: upload.state == "failed")
    yield "technician-diagnostics-offline"
    vm.services.sync.send_error = None
    upload.send()
    ui.qtbot.waitUntil(lambda: upload.state == "done")
    yield "technician-diagnostics-sent"


def main(argv: list[str] | None = None) -> int:
    return gallery.main(argv, out=OUT, sets=SETS, prog="staff_gallery", description=__doc__, make=make_kiosk,
                        stops=steps)


if __name__ == "__main__":
    raise SystemExit(main())
