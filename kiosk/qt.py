"""The one module that imports PySide6: the rest of kiosk/ imports Qt names from here."""
from __future__ import annotations

from PySide6.QtCore import (
    Property,
    QAbstractListModel,
    QByteArray,
    QCoreApplication,
    QEvent,
    QLocale,
    QLoggingCategory,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRunnable,
    QSize,
    Qt,
    QThreadPool,
    QTimer,
    QTranslator,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import QFont, QGuiApplication, QImage
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow
from PySide6.QtQuickControls2 import QQuickStyle

__all__ = [
    "Property", "QAbstractListModel", "QByteArray", "QCoreApplication", "QEvent", "QLocale",
    "QLoggingCategory", "QModelIndex", "QObject", "QPersistentModelIndex", "QRunnable", "QSize", "Qt",
    "QThreadPool", "QTimer", "QTranslator", "QUrl", "Signal", "Slot", "QFont", "QGuiApplication",
    "QImage", "QQmlApplicationEngine", "QQuickWindow", "QQuickStyle",
]
