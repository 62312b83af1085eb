"""View-models: thin QObjects exposed to QML; blocking work goes through kiosk.tasks."""
from kiosk.viewmodels.root import KioskViewModel

__all__ = ["KioskViewModel"]
