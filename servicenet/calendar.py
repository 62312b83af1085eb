"""The network's working-day calendar (domain/workdays.py): built once per process and day from the `holidays`
library and the administrator's data files (assets/workdays/YYYY.json, or $SERVICENET_WORKDAYS_DIR).

Kiosks get it with the catalogue delta (GET /v1/catalogue?calendar=<version they hold>): the page carries the
calendar only when the kiosk's version differs, so the days travel once per change."""
from __future__ import annotations

import logging
import os
import threading
from datetime import date, datetime
from pathlib import Path

from domain import workdays
from domain.workdays import WorkCalendar

log = logging.getLogger(__name__)
_lock = threading.Lock()
_cache: dict[tuple[date, str], WorkCalendar] = {}


def data_dir() -> Path:
    return Path(os.environ.get("SERVICENET_WORKDAYS_DIR") or workdays.DATA_DIR)


def current(today: date | None = None) -> WorkCalendar:
    """The calendar of the day (two years back to two ahead, plus every data file); cached per day and folder."""
    day = today or date.today()
    folder = data_dir()
    key = (day, str(folder))
    with _lock:
        found = _cache.get(key)
        if found is None:
            _cache.clear()
            files = workdays.year_files(folder, on_error=lambda exc: log.error("working-day file left out: %s", exc))
            found = _cache[key] = workdays.around(day, files)
        return found


def show(year: int | None = None) -> int:
    """`servicenet workdays [--year Y]`: check a year's calendar (and every data file) before it reaches kiosks."""
    import sys

    try:
        files = workdays.year_files(data_dir())
    except workdays.CalendarFileError as exc:
        print(f"servicenet: {exc}", file=sys.stderr)
        return 1
    y = year or date.today().year
    cal = workdays.build([y], files)
    state = "confirmed" if y in cal.confirmed else "provisional: statutory days only, add " \
        f"{data_dir() / f'{y}.json'} from the State Council notice"
    print(f"{y}\t{state}\t{cal.sources.get(y, '')}")
    for d in sorted(cal.holidays):
        print(f"off\t{d.isoformat()}")
    for d in sorted(cal.workdays):
        print(f"work\t{d.isoformat()}")
    return 0


def now_iso() -> str:
    """Server time, ISO 8601 with the local offset."""
    return datetime.now().astimezone().isoformat(timespec="seconds")
