"""The one module that imports PySide6: the rest of kiosk/ imports Qt names from here (Qt's enum namespace,
`Qt`, from kiosk.qtnamespace: it is costly to touch and the first frame does without it).

PySide6 builds a class (and its enums) the first time its name is taken from its module, and importing
PySide6.QtQuick costs the start ~8 ms of CPU although the QML engine loads Qt Quick itself. So only what the home
screen's first frame uses is taken here at import; the names in `LAZY` are taken from PySide6 the first time
someone imports them from this module (`from kiosk.qt import QImage` works as before).
"""
from __future__ import annotations

import ctypes
import importlib
import sys
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    Property,
    QCoreApplication,
    QEvent,
    QLocale,
    QLoggingCategory,
    QObject,
    QThread,
    QThreadPool,
    QTimer,
    QtMsgType,
    QTranslator,
    QUrl,
    Signal,
    Slot,
    qInstallMessageHandler,
)
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine

if TYPE_CHECKING:
    from PySide6.QtCore import (
        QAbstractListModel,
        QBuffer,
        QByteArray,
        QIODevice,
        QModelIndex,
        QPersistentModelIndex,
        QPointF,
        QRunnable,
        QSize,
    )
    from PySide6.QtGui import QColor, QCursor, QFontDatabase, QImage, QPainter, QPainterPath, QPen, QWindow
    from PySide6.QtQuick import QQuickWindow

# name -> the PySide6 module it comes from, taken on first use (PEP 562 module __getattr__)
LAZY = {
    **dict.fromkeys(("QAbstractListModel", "QBuffer", "QByteArray", "QIODevice", "QModelIndex",
                     "QPersistentModelIndex", "QPointF", "QRunnable", "QSize"), "PySide6.QtCore"),
    **dict.fromkeys(("QColor", "QCursor", "QFontDatabase", "QImage", "QPainter", "QPainterPath", "QPen",
                     "QWindow"), "PySide6.QtGui"),
    "QQuickWindow": "PySide6.QtQuick",
}


def __getattr__(name: str) -> object:
    module = LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def _pin_singletons() -> None:
    """Work around two reference-count bugs of PySide6 6.12.0 on CPython < 3.12.

    `SignalInstance.emit()` returns True without taking a reference, and every Python callable that Qt
    invokes (a slot, a timer callback) loses a reference to None. Each view-model change emits, so True's
    count falls by hundreds per visit; when it reaches zero CPython aborts ("bool_dealloc"), which a kiosk
    would do after some dozens of residents. CPython 3.12 made these singletons immortal; here they get a
    2**40 head start, which no kiosk drains (they are never freed, so extra references cost nothing).
    """
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    for singleton in (True, False, None):
        count = ctypes.c_ssize_t.from_address(id(singleton))
        if count.value < 1 << 39:
            count.value += 1 << 40


_pin_singletons()


def _skip_feature_scan() -> None:
    """Stop PySide6 from reading the source file of every module imported after it.

    For its optional `from __feature__ import snake_case, true_property` (never used here), PySide6 notes for
    each newly imported module whether its source says "PySide6", reading the whole file through
    `inspect.getsource`: more than a hundred files by the time the kiosk's services are open, about 10 ms
    of the first frame's path. Without a selected feature every module behaves the same either way, so each is
    recorded as not using one (-1, "ignore this module"), as PySide6 records a module without source.
    """
    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = lambda module: False


_skip_feature_scan()


def multimedia() -> ModuleType:
    """PySide6.QtMultimedia, imported only when a document camera is wanted (it loads FFmpeg)."""
    from PySide6 import QtMultimedia

    return QtMultimedia


def text_to_speech() -> type:
    """PySide6.QtTextToSpeech.QTextToSpeech, imported when a voice is wanted (it pulls in QtMultimedia)."""
    from PySide6.QtTextToSpeech import QTextToSpeech

    return QTextToSpeech


__all__ = [
    "Property", "QAbstractListModel", "QBuffer", "QByteArray", "QCoreApplication", "QEvent", "QIODevice",
    "QLocale", "QLoggingCategory", "QModelIndex", "QObject", "QPersistentModelIndex", "QPointF", "QRunnable",
    "QSize", "QThread", "QThreadPool", "QTimer", "QTranslator", "QUrl", "Signal", "Slot", "QColor", "QFont",
    "QGuiApplication", "QImage", "QPainter", "QPainterPath", "QPen", "QQmlApplicationEngine", "QQuickWindow",
    "multimedia", "text_to_speech", "QtMsgType", "qInstallMessageHandler", "QCursor", "QFontDatabase",
    "QWindow",
]
