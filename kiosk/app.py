"""The window: the services to the root view-model, the view-model to the QML engine (kiosk.boot starts it)."""
from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.i18n import LANGUAGES, Languages
from kiosk.offers import Offers
from kiosk.qt import (
    QCoreApplication,
    QEvent,
    QFont,
    QGuiApplication,
    QLoggingCategory,
    QObject,
    QQmlApplicationEngine,
    QTimer,
    QUrl,
    Signal,
)
from kiosk.viewmodels import KioskViewModel
from kiosk.voice import Voice

if TYPE_CHECKING:
    from drivers.base import Scan, Scanner
    from kiosk.camera import DocumentCamera
    from kiosk.qt import QQuickWindow, QWindow
    from kiosk.services import Services

log = logging.getLogger(__name__)

QML = Path(__file__).resolve().parent / "qml" / "Main.qml"
SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}
FONT = "Noto Sans CJK SC"

# Qt-internal chatter that is not ours to fix: the keyboard's sound module looking for PipeWire, and a
# Qt 6.12 QtVirtualKeyboard QML type (PopupList) that shadows a ListView member.
QUIET_CATEGORIES = ("qt.multimedia.symbolsresolver", "qt.qml.propertyCache.append")


def prepare_environment() -> None:
    """Call before QGuiApplication exists: virtual keyboard, Basic style, no third-party log noise."""
    os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
    os.environ["QT_QUICK_CONTROLS_STYLE"] = "Basic"  # as QQuickStyle.setStyle would, without importing its module
    forget_learned_words()
    # The Pinyin engine reports, at warning level, that it creates its user dictionary: on every start now
    # (forget_learned_words removed it), so its category is quiet (a dictionary it cannot load is quiet too).
    quiet = [*QUIET_CATEGORIES, "qt.virtualkeyboard.pinyin"]
    QLoggingCategory.setFilterRules("\n".join(f"{c}.warning=false" for c in quiet))


def forget_learned_words() -> None:
    """Remove the Pinyin keyboard's user dictionary: the words it learned are what residents typed (names,
    addresses), offered to the next one and kept on disk. The kiosk's fields ask it to learn nothing
    (Qt.ImhSensitiveData); this removes what an earlier version let it keep."""
    config_home = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    (config_home / "qtvirtualkeyboard" / "pinyin" / "usr_dict.dat").unlink(missing_ok=True)


class _TouchWatcher(QObject):
    """Any touch, click or key on the window restarts the idle countdown."""

    KINDS = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress}

    def __init__(self, vm: KioskViewModel) -> None:
        super().__init__()
        self._vm = vm

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in self.KINDS:
            self._vm.touched()
        return False


class _ScanRelay(QObject):
    """Scanner listeners run on the driver's thread: a signal carries the text to the GUI thread."""

    scanned = Signal(str)
    payment_code = Signal(str)
    identity_code = Signal(str)

    def __call__(self, scan: Scan) -> None:
        from drivers.base import IdentityCode, PaymentCode

        if isinstance(scan, PaymentCode):  # payment codes belong to the payment screen
            self.payment_code.emit(scan.code)
        elif isinstance(scan, IdentityCode):  # 亮码 belong to the identify screen
            self.identity_code.emit(scan.code)
        else:
            self.scanned.emit(scan.text)


class KioskApp:
    """The engine, the root view-model and the window. Needs a QGuiApplication; does not create one."""

    def __init__(self, services: Services | None, *, orientation: str = "portrait", idle_timeout_s: float = 120,
                 idle_warning_s: float = 20, language: str = "zh_CN", card_timeout_s: float = 10.0,
                 voice_engine: str | None = "none", camera: DocumentCamera | None = None,
                 link_poll_s: float = 10.0, scanner: Scanner | None = None, offers: Offers | None = None) -> None:
        """services None: the home screen first, the services later through attach() (kiosk.boot does so;
        `offers` then says which home tiles they bring).
        voice_engine: None = the best installed (speech-dispatcher), "mock" in tests, "none" = silent.
        camera: the document camera for materials (None: residents hand materials to the staff).
        scanner: the receipt-QR scanner; a scan opens the case on the track screen."""
        if orientation not in SIZES:
            raise ValueError(f"orientation is one of {sorted(SIZES)}")
        if language not in LANGUAGES:
            raise ValueError(f"language is one of {LANGUAGES}")
        if QGuiApplication.instance() is None:
            raise RuntimeError("create the QGuiApplication first (after kiosk.app.prepare_environment())")
        QGuiApplication.setFont(QFont(FONT))
        self.orientation = orientation
        self.languages = Languages()
        self.languages.install(language)
        self.voice = Voice(voice_engine)
        self.vm = KioskViewModel(None, idle_timeout_s=idle_timeout_s, idle_warning_s=idle_warning_s,
                                 language=language, languages=self.languages, card_timeout_s=card_timeout_s,
                                 voice=self.voice, camera=camera, link_poll_s=link_poll_s,
                                 offers=offers or (Offers.of(services) if services is not None else None))
        self.engine = QQmlApplicationEngine()
        self.vm.set_retranslate_hook(self.engine.retranslate)
        width, height = SIZES[orientation]
        ctx = self.engine.rootContext()
        ctx.setContextProperty("kiosk", self.vm)
        ctx.setContextProperty("initialWidth", width)
        ctx.setContextProperty("initialHeight", height)
        self._scans = _ScanRelay()
        self._unsubscribe: Callable[[], None] | None = None
        if services is not None:  # before the QML: the screens bind to the services' view-models at once
            self.attach(services, scanner)
        self.engine.load(QUrl.fromLocalFile(str(QML)))
        roots = self.engine.rootObjects()
        if not roots or not roots[0].isWindowType():
            raise RuntimeError(f"could not load {QML}")
        del roots  # see `window`: the first frame works on the QML window without PySide6.QtQuick
        self._window: QQuickWindow | None = None
        self._watcher = _TouchWatcher(self.vm)
        self.surface().installEventFilter(self._watcher)

        def on_screen() -> None:  # the cold start's end (bench/coldstart.py reads this line's time and CPU)
            self.surface().frameSwapped.disconnect(on_screen)
            log.info("first frame on screen", extra={"fields": {"cpu_ms": round(time.process_time() * 1000, 1)}})

        self.surface().frameSwapped.connect(on_screen)

    @property
    def window(self) -> QQuickWindow:
        """The QML window, as a QQuickWindow.

        Python sees a QML object as the most derived class whose PySide6 module is imported. PySide6.QtQuick
        costs the start ~8 ms of CPU, so what runs before the first frame (showing, lock-down, the first-frame
        hooks) goes through `surface()`, a QWindow held only for the call; this imports PySide6.QtQuick
        and keeps a QQuickWindow once someone needs it (screenshots, finding items, closing)."""
        if self._window is None:
            from kiosk.qt import QQuickWindow

            window = self.engine.rootObjects()[0]
            if not isinstance(window, QQuickWindow):  # a QWindow of `surface()` was kept somewhere
                raise RuntimeError(f"the kiosk window is held as a {type(window).__name__}, not a QQuickWindow")
            self._window = window
        return self._window

    def surface(self) -> QWindow:
        """The window for what QWindow offers (show, flags, event filters, frameSwapped). Use it for one call,
        never keep it: a kept QWindow would stay Python's view of the window (see `window`)."""
        return self._window if self._window is not None else self.engine.rootObjects()[0]

    def attach(self, services: Services, scanner: Scanner | None = None) -> None:
        """The services are ready (on the GUI thread): the screens' view-models take them, scans reach them."""
        self.vm.attach(services)
        self._scans.scanned.connect(self.vm.track.scanned)
        self._scans.scanned.connect(self.vm.results.scanned)  # acts only on the 结果领取 screen
        self._scans.payment_code.connect(self.vm.payment.scanned)
        self._scans.identity_code.connect(self.vm.identify.scanned)
        self._unsubscribe = scanner.subscribe(self._scans) if scanner is not None else None
        if scanner is not None:  # the screens take scans as they come: what the driver queued is the last resident's
            self.vm.wiped.connect(scanner.clear)

    def show(self, fullscreen: bool = False) -> None:
        if fullscreen:
            self.surface().showFullScreen()
        else:
            self.surface().show()

    def after_first_frame(self, start: Callable[[], object]) -> None:
        """Run `start` once on the GUI thread, right after the window has put its first frame on the screen
        (the sync engine, the keyboard: what the home screen does not need to appear)."""
        def swapped() -> None:
            self.surface().frameSwapped.disconnect(swapped)
            QTimer.singleShot(0, start)

        self.surface().frameSwapped.connect(swapped)

    def find(self, object_name: str) -> QObject | None:
        """A QML item by objectName (e.g. "searchField", "registrationCode"), for tests."""
        todo = [self.window.contentItem()]
        while todo:
            item = todo.pop()
            if item.objectName() == object_name:
                return item
            todo.extend(item.childItems())
        return None

    def keyboard(self, timeout: float = 10.0) -> QObject | None:
        """The virtual keyboard (QtVirtualKeyboard's InputPanel). It is built just after the first frame,
        so this lets the event loop run until it is there (None if it never comes)."""
        deadline = time.monotonic() + timeout
        while (panel := self.find("keyboard")) is None and time.monotonic() < deadline:
            QCoreApplication.processEvents()
            time.sleep(0.01)
        return panel

    def grab(self, path: str | os.PathLike[str]) -> Path:
        """Save what the window shows now as a PNG."""
        out = Path(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        image = self.window.grabWindow()
        if image.isNull() or not image.save(str(out), "PNG"):
            raise RuntimeError(f"could not save a screenshot to {out}")
        return out

    def close(self) -> None:
        """Stop timers, wait for background work, drop the window and the engine."""
        if self._unsubscribe is not None:
            self._unsubscribe()
        self.vm.goHome()
        self.vm.link.stop()
        self.vm.runner.wait(5000)
        QCoreApplication.processEvents()  # deliver what the workers finished
        self.window.removeEventFilter(self._watcher)
        self.window.close()
        self.engine.deleteLater()  # the QML goes before the view-models it binds to
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        self.voice.close()
        self.languages.remove()
