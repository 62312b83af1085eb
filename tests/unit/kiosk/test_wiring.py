"""kiosk/wiring.py: a kiosk.db damaged by a bad shutdown is set aside on start and its cases come back."""
from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import Settings
from tests.unit.kiosk.test_boot import kiosk_config, queue_cases  # noqa: F401  (fixture)
from tests.unit.sync.test_salvage import damage_table


def test_a_damaged_database_is_set_aside_and_its_cases_come_back(kiosk_config: tuple[Path, Settings]) -> None:  # noqa: F811 - the fixture imported above
    import sqlite3

    from kiosk.wiring import build_runtime

    _, settings = kiosk_config
    codes = queue_cases(settings, 2)
    db = Path(settings.data_dir) / "kiosk.db"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    damage_table(db, "services")
    runtime = build_runtime(settings, start_engine=False)
    try:
        aside = [p for p in Path(settings.data_dir).glob("kiosk.db.corrupt-*") if not p.name.endswith(("-wal", "-shm"))]
        assert len(aside) == 1
        assert {c: runtime.services.cases.get(c) is not None for c in codes} == {c: True for c in codes}
        assert "damaged" in runtime.desk.health().notes[0]  # what the staff screen says, in the clerk's language
        assert runtime.services.catalogue.search("sfz")  # the catalogue is seeded afresh
    finally:
        runtime.close()


def test_without_a_receipt_printer_every_print_says_so() -> None:
    from drivers.base import PRINTER_NOT_RESPONDING, DeviceUnavailable
    from kiosk.wiring import MissingPrinter

    for call in (lambda p: p.print_receipt(None), lambda p: p.print_slip("t", []), lambda p: p.print_ticket(None)):
        with pytest.raises(DeviceUnavailable, match=PRINTER_NOT_RESPONDING):
            call(MissingPrinter())
