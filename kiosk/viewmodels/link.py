"""The residents' small link indicator: is what I submitted on its way? Polls services.sync.health()."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.i18n import QT_TRANSLATE_NOOP, tr
from kiosk.qt import Property, QObject, QTimer, Signal
from kiosk.tasks import TaskRunner

if TYPE_CHECKING:
    from kiosk.services import Services
    from sync.model import SyncHealth

TEXTS = {
    "ok": QT_TRANSLATE_NOOP("link", "Connected"),
    "sending": QT_TRANSLATE_NOOP("link", "Saved, being sent now"),
    "queued": QT_TRANSLATE_NOOP("link", "Saved. It will be sent when the network is back."),
    "offline": QT_TRANSLATE_NOOP("link", "No network now. You can still apply here."),
}


def level_of(health: SyncHealth | None) -> str:
    """'' (show nothing), 'ok', 'sending', 'queued' or 'offline'. Quarantine is for the staff, not residents."""
    if health is None:
        return ""
    if health.online:
        return "sending" if health.queued > 0 else "ok"
    return "queued" if health.queued > 0 else "offline"


class LinkViewModel(QObject):
    """Its own runner, so a background poll never makes the screens look busy."""

    changed = Signal()

    def __init__(self, services: Services | None, interval_s: float = 10.0, parent: QObject | None = None) -> None:
        """services None: nothing to show until attach() brings them."""
        super().__init__(parent)
        self._services: Services | None = None
        self._runner = TaskRunner(parent=self)
        self._health: SyncHealth | None = None
        self._polling = False
        self._timer = QTimer(self)
        self._timer.setInterval(max(100, int(interval_s * 1000)))
        self._timer.timeout.connect(self.poll)
        if services is not None:
            self.attach(services)

    def attach(self, services: Services) -> None:
        self._services = services
        if services.sync is not None:
            self._timer.start()
            self.poll()

    def _level(self) -> str:
        return level_of(self._health)

    level = Property(str, _level, notify=changed)
    text = Property(str, lambda self: tr("link", TEXTS[self._level()]) if self._level() else "", notify=changed)
    queued = Property(int, lambda self: self._health.queued if self._health else 0, notify=changed)

    @property
    def runner(self) -> TaskRunner:
        return self._runner

    def poll(self) -> None:
        sync = self._services.sync if self._services is not None else None
        if sync is None or self._polling:
            return
        self._polling = True

        def done(health: SyncHealth) -> None:
            self._polling = False
            if health != self._health:
                self._health = health
                self.changed.emit()

        def failed(exc: BaseException) -> None:
            self._polling = False  # keep the last answer: a hiccup of the local store is nothing to show

        self._runner.run(sync.health, done, failed)

    def stop(self) -> None:
        self._timer.stop()

    def retranslate(self) -> None:
        self.changed.emit()
