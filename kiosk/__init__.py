"""Hall kiosk: the Qt Quick app (the only package that imports PySide6)."""
