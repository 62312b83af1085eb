"""servicenet/fleet/settings.py: a change for one kiosk, its device id as an administrator types it."""
from __future__ import annotations

import time

from sqlalchemy.engine import Engine

from servicenet.fleet import settings
from tests.unit.servicenet.fleet.test_alerts import add_kiosk


def test_a_kiosk_typed_with_full_width_digits_or_spaces_gets_its_change(memory_db: Engine) -> None:
    kiosk = add_kiosk(memory_db, 1)
    version = settings.change(memory_db, "device: ４４０１０５－００１ ", {"idle_timeout": 90}, "S001", time.time())
    with memory_db.connect() as conn:
        assert settings.effective(conn, kiosk) == (version, {"idle_timeout": 90})
    assert [c["scope"] for c in settings.history(memory_db)] == [f"device:{kiosk}"]
