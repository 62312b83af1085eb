"""Qt set-up shared by every test that shows the kiosk: offscreen, software Quick, virtual keyboard.

Import this module from a conftest before pytest-qt creates the application.
"""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")

from kiosk.app import prepare_environment  # noqa: E402 - the environment above must come first

prepare_environment()
