"""The working-day calendar (工作日): statutory holidays and 调休 make-up workdays, one calendar for every deadline.

Time limits are counted in working days from the day after the start (次日起算): a case filed on a Wednesday
with a 1-working-day limit is due on Thursday, unless Thursday is a holiday. Weekends are days off except the
make-up workdays (调休上班) the State Council sets each year.

Sources, in order (build()):
  1. a year's data file (assets/workdays/YYYY.json), written by an administrator from the State Council's
     notice when it is published; it replaces what the library says about that year;
  2. the `holidays` library (China): its years with a notice give the notice's days off and make-up
     workdays; a year past its notices gives only the statutory days (no 调休) and is marked provisional.
The wire form travels to kiosks with the catalogue delta, so a kiosk counts exactly as the network does.
"""
from __future__ import annotations

import hashlib
import json
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parents[1] / "assets" / "workdays"
MAX_DAYS = 3660  # a time limit longer than ten years is a mistake, not a deadline


class CalendarFileError(ValueError):
    """A year's data file that cannot be used (the message says which file and why)."""


@dataclass(frozen=True)
class WorkCalendar:
    holidays: frozenset[date] = frozenset()  # days off that would be working days (holidays, 调休 days off)
    workdays: frozenset[date] = frozenset()  # weekend days that are working days (调休上班)
    confirmed: tuple[int, ...] = ()  # years set by a State Council notice (library or data file)
    provisional: tuple[int, ...] = ()  # years with only the statutory days: the notice is not in yet
    sources: dict[int, str] = field(default_factory=dict, compare=False)  # year -> where its days came from

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    @cached_property
    def _index(self) -> tuple[int, int, list[int]]:
        """(first ordinal, last ordinal, every working day's ordinal in between): counting by bisection."""
        years = [*self.confirmed, *self.provisional] or [date.today().year]
        first, last = date(min(years) - 2, 1, 1).toordinal(), date(max(years) + 3, 12, 31).toordinal()
        return first, last, [o for o in range(first, last + 1) if self.is_working_day(date.fromordinal(o))]

    def add_working_days(self, start: date, days: int) -> date:
        """The `days`-th working day after `start` (start itself not counted); `start` for 0 days."""
        if days < 0 or days > MAX_DAYS:
            raise ValueError(f"a time limit is 0 to {MAX_DAYS} working days, not {days}")
        if days == 0:
            return start
        first, last, ords = self._index
        at = bisect_right(ords, start.toordinal()) + days - 1
        if first <= start.toordinal() and at < len(ords):
            return date.fromordinal(ords[at])
        day = start  # outside the indexed years: walk
        while days:
            day += timedelta(days=1)
            if self.is_working_day(day):
                days -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative when end is before start (working days late)."""
        if end < start:
            return -self.working_days_between(end, start)
        first, last, ords = self._index
        if first <= start.toordinal() and end.toordinal() <= last:
            return bisect_right(ords, end.toordinal()) - bisect_right(ords, start.toordinal())
        n, day = 0, start
        while day < end:
            day += timedelta(days=1)
            n += self.is_working_day(day)
        return n

    @property
    def version(self) -> str:
        return hashlib.sha256(json.dumps(self._days(), sort_keys=True).encode()).hexdigest()[:16]

    def _days(self) -> dict[str, Any]:
        return {"holidays": sorted(d.isoformat() for d in self.holidays),
                "workdays": sorted(d.isoformat() for d in self.workdays),
                "confirmed": list(self.confirmed), "provisional": list(self.provisional)}

    def to_wire(self) -> dict[str, Any]:
        return {"version": self.version, **self._days()}

    @classmethod
    def from_wire(cls, d: dict[str, Any]) -> "WorkCalendar":
        return cls(frozenset(date.fromisoformat(x) for x in d.get("holidays", ())),
                   frozenset(date.fromisoformat(x) for x in d.get("workdays", ())),
                   tuple(int(y) for y in d.get("confirmed", ())), tuple(int(y) for y in d.get("provisional", ())))


WEEKENDS_ONLY = WorkCalendar()


def read_year_file(path: Path) -> dict[str, Any]:
    """One year's data file, checked: {"year", "notice", "holidays": [ISO], "workdays": [ISO]}."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        year = int(doc["year"])
        days = {k: sorted({date.fromisoformat(str(x)) for x in doc.get(k, [])}) for k in ("holidays", "workdays")}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CalendarFileError(f"{path.name}: 不是有效的工作日数据文件 / "
                                f"not a working-day data file ({exc})") from None
    if path.stem != str(year):
        raise CalendarFileError(f"{path.name}: 文件名须为年份 {year}.json / the name must be the year")
    for kind, found in days.items():
        if any(d.year != year for d in found):
            raise CalendarFileError(f"{path.name}: {kind} 中有不属于 {year} 年的日期 / a date outside {year}")
    if any(d.weekday() < 5 for d in days["workdays"]):
        raise CalendarFileError(f"{path.name}: 调休上班日须为周六或周日 / a make-up workday must be a weekend day")
    if not str(doc.get("notice", "")).strip():
        raise CalendarFileError(f"{path.name}: 须写明依据的通知 (notice) / name the notice the days come from")
    return {"year": year, "notice": str(doc["notice"]).strip(), **days}


def year_files(folder: Path = DATA_DIR, on_error: Callable[[CalendarFileError], None] | None = None
               ) -> list[dict[str, Any]]:
    """Every YYYY.json in `folder`; a bad one raises, or with on_error is reported there and left out."""
    found = []
    for path in sorted(folder.glob("[0-9][0-9][0-9][0-9].json")) if folder.is_dir() else []:
        try:
            found.append(read_year_file(path))
        except CalendarFileError as exc:
            if on_error is None:
                raise
            on_error(exc)
    return found


def _library_years(years: Iterable[int]) -> tuple[dict[int, tuple[set[date], set[date]]], set[int]]:
    """Days off and make-up workdays per year from the `holidays` library, and the years it has a notice for."""
    import holidays as lib  # pure Python; imported here so the rest of domain stays import-light
    from holidays.countries.china import ChinaStaticHolidays

    wanted = sorted(set(years))
    noticed = {y for y in wanted if y in getattr(ChinaStaticHolidays, "special_public_holidays", {})}
    out: dict[int, tuple[set[date], set[date]]] = {y: (set(), set()) for y in wanted}
    if noticed:
        cal = lib.country_holidays("CN", years=sorted(noticed))
        for d in cal:
            out[d.year][0].add(d)
        for d in cal.weekend_workdays:
            if d.year in noticed:
                out[d.year][1].add(d)
    rest = [y for y in wanted if y not in noticed]
    if rest:  # only what the law fixes; no guessed 补假 or 调休
        for d in lib.country_holidays("CN", years=rest, observed=False):
            out[d.year][0].add(d)
    return out, noticed


def build(years: Iterable[int], files: list[dict[str, Any]] | None = None) -> WorkCalendar:
    """The calendar for `years` (plus every year a data file gives) from the library and the data files."""
    files = year_files() if files is None else files
    by_file = {f["year"]: f for f in files}
    lib_days, noticed = _library_years(set(years) - set(by_file))
    holidays: set[date] = set()
    workdays: set[date] = set()
    sources: dict[int, str] = {}
    for year, (off, on) in lib_days.items():
        holidays |= {d for d in off if d.weekday() < 5}
        workdays |= on
        sources[year] = "holidays library" + ("" if year in noticed else " (statutory days only)")
    for year, f in by_file.items():
        holidays |= {d for d in f["holidays"] if d.weekday() < 5}
        workdays |= set(f["workdays"])
        sources[year] = f["notice"]
    confirmed = tuple(sorted(noticed | set(by_file)))
    provisional = tuple(sorted(set(lib_days) - noticed))
    return WorkCalendar(frozenset(holidays), frozenset(workdays), confirmed, provisional, sources)


def around(today: date, files: list[dict[str, Any]] | None = None) -> WorkCalendar:
    """The calendar a node or kiosk starts with: two years back to two years ahead, plus the data files."""
    return build(range(today.year - 2, today.year + 3), files)
