"""The start-up self-test of a build the kiosk switched to (sync/updater.py does the rest): the idle moment
to switch and restart at is kiosk/restart.py's, the one settings that wait for a restart use too."""
from __future__ import annotations

from typing import Any

IDLE_SCREENS = frozenset({"home"})


def startup_check(kiosk: Any) -> tuple[bool, str]:
    """The start-up self-test of a build: its window loaded and shows the first screen."""
    window = getattr(kiosk, "window", None)
    if window is None or not window.isVisible():
        return False, "the window is not shown"
    if kiosk.vm.screen not in IDLE_SCREENS | {"provision"}:
        return False, f"started on the screen {kiosk.vm.screen!r}"
    return True, ""
