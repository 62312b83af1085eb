"""Pictures of the diagnostics panel on the staff screen and the technician's wizard: sending to the network
(step 2 of 2), refused for being offline (the USB button beside it), received. zh and en, portrait and landscape, checked like the resident
screens (tests/unit/kiosk/gallery.py: clipped text, tofu); staff screens have no elderly mode.

    python -m tests.unit.kiosk.staff_gallery [--out out/screens/gallery-staff]
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
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
    parser = argparse.ArgumentParser(prog="staff_gallery", description=__doc__)
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_QUICK_BACKEND", "software")
    from kiosk.qt import QGuiApplication
    from tests.helpers import qtapp  # noqa: F401 - prepares the environment

    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - Qt needs the application object alive
    problems = []
    for orientation, language, mode in SETS:
        report = gallery.walk(orientation, language, mode, Path(args.out), gallery._Bot(), make=make_kiosk,
                              stops=steps)
        problems += report.problems
        print(f"{orientation}/{language}-{mode}: {len(report.saved)} pictures", flush=True)
    print("\n".join(problems) or "no problems found")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
