"""What the kiosk opens behind its window once the home screen is on the glass (kiosk.boot): the runtime, the
outbox a crash interrupted, and the counts the start and the heartbeats log; and the version every log line
carries, read without the cost of importlib.metadata; and, once the QGuiApplication exists, Qt's messages to the
log and the bundled fonts."""
from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.wiring import Runtime

log = logging.getLogger("kiosk.boot")
DIST_NAME = "hall-kiosk"


def installed_version() -> str:
    """The installed distribution's version (also inside the one-folder build, which ships its metadata).

    Its METADATA file is read straight from sys.path: importing importlib.metadata alone costs the first frame
    more than 20 ms. importlib.metadata stays the fallback (other installers, zipped paths)."""
    prefix = DIST_NAME.replace("-", "_") + "-"
    for folder in sys.path:
        try:
            infos = [e for e in os.scandir(folder or ".") if e.name.startswith(prefix) and e.name.endswith(".dist-info")]
        except OSError:
            continue
        for info in infos:
            try:
                with open(os.path.join(info.path, "METADATA"), encoding="utf-8") as f:
                    for line in f:
                        if line.startswith("Version:"):
                            return line.split(":", 1)[1].strip()
                        if not line.strip():
                            break
            except OSError:
                continue
    from importlib import metadata

    try:
        return metadata.version(DIST_NAME)
    except metadata.PackageNotFoundError:
        import kiosk

        return str(getattr(kiosk, "__version__", "0+unknown"))


def app_version() -> str:
    """The running build's signed version (sync/updater.py), else the installed distribution's."""
    from sync.updater import running_version

    return running_version(installed_version())


def queue_counts(runtime: Runtime) -> dict[str, int]:
    """Residents' cases by sync state (audit rows and case events are not counted)."""
    from domain.status import EventKind

    try:
        return runtime.engine.outbox.depth(EventKind.CASE)
    except Exception:  # a heartbeat never takes the kiosk down
        log.exception("could not count the outbox")
        return {}


def unprinted_receipts(runtime: Runtime) -> int | None:
    """Cases stored but whose receipt never printed (a crash or a printer fault between the two): staff can
    reprint them by code. None when the store cannot tell."""
    try:
        return runtime.engine.outbox.unprinted()
    except Exception:
        log.warning("could not count unprinted receipts", exc_info=True)
        return None


def open_runtime(settings: Any, args: argparse.Namespace, first_run: bool) -> Runtime:
    """Everything behind the window (store, crypto, sync engine, devices, catalogue), on a worker thread once
    the home screen is up: the outbox rows a crash left "sending" go back to the queue, and the working-day
    calendar is built now rather than inside the first resident's submission (it imports the holidays
    library)."""
    from kiosk.wiring import build_runtime, local_now

    runtime = build_runtime(settings, start_engine=False, config_path=args.config, first_run=first_run)
    try:
        recovered = runtime.engine.outbox.recover()
        log.info("restored: %d interrupted sends back in the queue", recovered,
                 extra={"fields": {"recovered": recovered, "queue": queue_counts(runtime),
                                   "unprinted": unprinted_receipts(runtime)}})
        runtime.engine.catalogue.calendar(local_now().date())
    except BaseException:
        runtime.close()
        raise
    return runtime


def bundled_fonts_dir() -> Path | None:
    """fonts/ of the one-folder build (kiosk.spec puts Noto Sans CJK there)."""
    base = getattr(sys, "_MEIPASS", None)
    folder = Path(base) / "fonts" if base else None
    return folder if folder is not None and folder.is_dir() else None


def register_fonts() -> list[str]:
    """Add the bundled CJK fonts when the system does not have the kiosk's font family. Needs the QGuiApplication."""
    from kiosk.app import FONT
    from kiosk.qt import QFontDatabase

    folder = bundled_fonts_dir()
    if folder is None or FONT in QFontDatabase.families():
        return []
    added = []
    for path in sorted(folder.iterdir()):
        if QFontDatabase.addApplicationFont(str(path)) >= 0:
            added.append(path.name)
    log.info("registered bundled fonts %s", added)
    return added


def route_qt_messages() -> None:
    """Qt's own warnings (QML errors …) go to the log, through the same redaction as everything else."""
    from kiosk.qt import QtMsgType, qInstallMessageHandler

    qt_log = logging.getLogger("qt")
    levels = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
              QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
              QtMsgType.QtFatalMsg: logging.CRITICAL}

    def handler(kind: Any, context: Any, message: str) -> None:
        qt_log.log(levels.get(kind, logging.WARNING), "%s", message,
                   extra={"fields": {"category": getattr(context, "category", "") or ""}})

    qInstallMessageHandler(handler)
