"""Translations: English source strings, zh_CN (default) and en catalogues compiled to .qm on demand.

Python code translates with `tr(context, text)`; driver errors with `tr_error(exc)` (context "drivers").
`Languages.install(language)` swaps the QTranslator; the view-models re-read their texts after.
"""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from domain.text import fill as fill  # the one %1 filler (drivers.base.said uses it too)
from kiosk.qt import QCoreApplication, QTranslator

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
LANGUAGES = ("zh_CN", "en")
DEFAULT = "zh_CN"

_current = DEFAULT


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    return text


# Driver messages (drivers.base.message) are collected from drivers/ by kiosk.i18n.extract.


def tr(context: str, text: str, n: int = -1) -> str:
    return QCoreApplication.translate(context, text, None, n)


def current() -> str:
    return _current


def tr_error(exc: BaseException) -> str:
    """Plain words for a failure: the driver's own message if we have it translated, else a safe default."""
    from drivers.base import UserFacingError  # here, not at the top: the home screen's start does not need it

    if isinstance(exc, UserFacingError):
        text = tr("drivers", exc.message)
        if text != exc.message or _current == "en":
            return text
        log.warning("no translation for driver message %r", exc.message)
    return tr("kiosk", "Something went wrong with the machine. Please ask the staff for help.")


def _lrelease() -> list[str] | None:
    exe = Path(sys.executable).parent / "pyside6-lrelease"
    if exe.exists():
        return [str(exe)]
    try:
        import PySide6  # the bundled binary; kiosk/ is the package allowed to import PySide6

        bundled = Path(PySide6.__file__).parent / "lrelease"
        if bundled.exists():
            return [str(bundled)]
    except ImportError:  # pragma: no cover
        pass
    import shutil  # here: only a catalogue older than its .ts is built (never on an installed kiosk's start)

    found = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    return [found] if found else None


def cache_dir() -> Path:
    base = os.environ.get("KIOSK_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "hall-kiosk" / "i18n"


def compiled(language: str) -> Path | None:
    """Path of the .qm for `language`: the one shipped beside its .ts, else one built from the .ts into the cache.
    A built catalogue is named after the .ts it came from (its path, time and size), so two trees or two versions
    on one machine never take each other's, and it appears whole (written beside, then renamed): a process that
    starts while another builds it reads either nothing yet or the whole file, never half of one."""
    ts = HERE / f"{language}.ts"
    source = ts.stat()
    shipped = HERE / f"{language}.qm"  # built at install time, if any
    if shipped.exists() and shipped.stat().st_mtime >= source.st_mtime:
        return shipped
    import hashlib  # here: only a tree without a shipped catalogue comes this way (never an installed kiosk)

    key = hashlib.sha1(f"{ts.resolve()}|{source.st_mtime_ns}|{source.st_size}".encode(), usedforsecurity=False)
    qm = cache_dir() / f"{language}-{key.hexdigest()[:16]}.qm"
    if qm.exists():
        return qm
    tool = _lrelease()
    if tool is None:
        log.error("cannot build %s: no lrelease found", qm)
        return None
    import subprocess

    qm.parent.mkdir(parents=True, exist_ok=True)
    part = qm.with_name(f".{qm.name}.{os.getpid()}.part")
    proc = subprocess.run([*tool, "-silent", str(ts), "-qm", str(part)], capture_output=True, text=True)
    if proc.returncode != 0 or not part.exists():
        log.error("lrelease failed for %s: %s", ts, proc.stderr)
        part.unlink(missing_ok=True)
        return None
    os.replace(part, qm)
    return qm


class Languages:
    """Owns the installed QTranslator of the running application."""

    def __init__(self) -> None:
        self._translator: QTranslator | None = None

    def install(self, language: str) -> None:
        global _current
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}; one of {LANGUAGES}")
        app = QCoreApplication.instance()
        if self._translator is not None and app is not None:
            app.removeTranslator(self._translator)
            self._translator = None
        qm = compiled(language)
        if qm is not None and app is not None:
            translator = QTranslator()
            if translator.load(str(qm)):
                app.installTranslator(translator)
                self._translator = translator
            else:
                log.error("could not load %s", qm)
        _current = language

    def remove(self) -> None:
        global _current
        _current = "en"  # no catalogue installed: the English source texts show
        app = QCoreApplication.instance()
        if self._translator is not None and app is not None:
            app.removeTranslator(self._translator)
        self._translator = None
