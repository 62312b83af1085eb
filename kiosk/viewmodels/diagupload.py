"""The diagnostics bundle to the network (kiosk.staff.upload in QML): one button on the staff screen.

Two steps off the GUI thread, each shown: the bundle is made (the same parts as the USB bundle, logs capped at
UPLOAD_LOG_BYTES), then sent over the kiosk's signed session (sync.client.upload_diagnostics). A failure says
what happened in words and points to the USB button beside it, which always works: offline, too large for the
network, refused. The upload is in the kiosk's audit log under the staff id, with the network's number.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kiosk.qt import Property, Signal, Slot
from kiosk.viewmodels.common import Context, Lazy, ScreenViewModel, lazy, show
from sync.client import NetworkRefused, TooLarge
from sync.model import Offline

UPLOAD_LOG_BYTES = 6_000_000  # of log text before compression; the network takes 8 MB of zip by default


class DiagnosticsUpload(ScreenViewModel):
    changed = Signal()

    def __init__(self, ctx: Context, staff_id: Callable[[], str], record: Callable[..., None]) -> None:
        super().__init__(ctx)
        self._staff_id, self._record = staff_id, record
        self._state = ""  # "" | building | sending | done | failed
        self._step: Lazy | None = None
        self._message: Lazy | None = None

    state = Property(str, lambda self: self._state, notify=changed)
    working = Property(bool, lambda self: self._state in ("building", "sending"), notify=changed)
    step = Property(str, lambda self: show(self._step), notify=changed)
    message = Property(str, lambda self: show(self._message), notify=changed)

    def _show(self, state: str, step: Lazy | None, message: Lazy | None = None) -> None:
        self._state, self._step, self._message = state, step, message
        self.changed.emit()

    @Slot()
    def send(self) -> None:
        from kiosk.viewmodels.staff import bundle_parts

        services, staff_id = self._ctx.services, self._staff_id()
        backend, sync = services.staff, services.sync
        if backend is None or sync is None or not staff_id or self.working:
            return
        self._show("building", lazy("staff", "Step 1 of 2: making the diagnostics bundle…"))

        def make() -> tuple[str, bytes]:
            return backend.desk.bundle(**bundle_parts(backend, sync), max_log_bytes=UPLOAD_LOG_BYTES)

        def made(bundle: tuple[str, bytes]) -> None:
            name, data = bundle
            self._show("sending", lazy("staff", "Step 2 of 2: sending %1 to the network…", size_text(len(data))))
            self._ctx.runner.run(lambda: sync.send_diagnostics(name, data, staff_id), sent, self._failed)

        def sent(kept: dict[str, Any]) -> None:
            self._record("staff_action", staff_id, action="diagnostics_upload", bundle=kept.get("id"),
                         size=kept.get("size"))
            self._show("done", None, lazy("staff", "The network received the diagnostics bundle (No. %1, %2).",
                                          kept.get("id"), size_text(int(kept.get("size") or 0))))

        self._ctx.runner.run(make, made, self._failed)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, TooLarge):
            why = lazy("staff", "The bundle is larger than the network takes. Save it to a USB stick instead.")
        elif isinstance(exc, Offline):  # no link, a timeout, the network busy (RetryLater)
            why = lazy("staff", "The network cannot be reached, so the bundle was not sent. "
                                "Save it to a USB stick instead.")
        elif isinstance(exc, NetworkRefused):
            why = lazy("staff", "The network refused the bundle: %1", str(exc)[:160])
        else:
            why = lazy("staff", "The diagnostics bundle could not be made: %1", str(exc)[:160])
        self._show("failed", None, why)

    def reset(self) -> None:
        self._show("", None)


def size_text(size: int) -> str:
    return f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{max(1, round(size / 1024))} KB"
