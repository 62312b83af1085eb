"""Qt-style placeholders: %1, %2 … filled in one pass, the one way for the kiosk's translations (kiosk.i18n.fill)
and drivers.base's Notes (said), so a Note's English and its translation are filled alike."""
from __future__ import annotations

import re


def fill(template: str, *args: str) -> str:
    """%1, %2 … replaced in one pass (a value that holds "%2" stays as it is); a number past the values is kept."""
    return re.sub(r"%(\d)", lambda m: args[int(m[1]) - 1] if 0 < int(m[1]) <= len(args) else m[0], template)
