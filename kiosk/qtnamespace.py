"""Qt's namespace of enums (Qt.WindowType, Qt.ItemDataRole, …), apart from kiosk.qt: PySide6 builds all of
its enums the first time it is touched (about 16 ms), and the home screen's first frame does not need it."""
from PySide6.QtCore import Qt

__all__ = ["Qt"]
