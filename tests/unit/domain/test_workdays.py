"""The working-day calendar: dates checked against the State Council's notice for 2026 (国办发明电〔2025〕, as
the `holidays` library has it): 10月1日至7日放假调休, 9月20日（周日）、10月10日（周六）上班; 元旦 is 1 January."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from domain import workdays
from domain.workdays import CalendarFileError, WorkCalendar

CAL = workdays.build([2026, 2027], files=[])


def test_national_day_2026_follows_the_notice() -> None:
    for d in range(1, 8):
        assert not CAL.is_working_day(date(2026, 10, d))
    assert CAL.is_working_day(date(2026, 9, 20))  # Sunday, 上班
    assert CAL.is_working_day(date(2026, 10, 10))  # Saturday, 上班
    assert not CAL.is_working_day(date(2026, 10, 11))  # an ordinary Sunday
    assert 2026 in CAL.confirmed


def test_due_dates_of_a_case_filed_before_national_day() -> None:
    filed = date(2026, 9, 30)
    assert CAL.add_working_days(filed, 1) == date(2026, 10, 8)
    assert CAL.add_working_days(filed, 3) == date(2026, 10, 10)  # the make-up Saturday counts
    assert CAL.add_working_days(filed, 5) == date(2026, 10, 13)
    assert CAL.add_working_days(filed, 0) == filed


def test_due_dates_of_a_case_filed_on_new_years_eve() -> None:
    filed = date(2026, 12, 31)
    assert not CAL.is_working_day(date(2027, 1, 1))  # 元旦, fixed by law
    assert CAL.add_working_days(filed, 1) == date(2027, 1, 4)
    assert CAL.add_working_days(filed, 5) == date(2027, 1, 8)


def test_a_year_past_the_library_notices_is_provisional_until_its_file_comes() -> None:
    assert 2027 in CAL.provisional and 2027 not in CAL.confirmed


def test_a_data_file_replaces_the_library_for_its_year(tmp_path: Path) -> None:
    # a test fixture, not a real notice: a make-up Saturday and a day off on a Monday
    (tmp_path / "2027.json").write_text(json.dumps({
        "year": 2027, "notice": "test fixture", "holidays": ["2027-01-01", "2027-01-04"],
        "workdays": ["2027-01-09"]}), encoding="utf-8")
    cal = workdays.build([2026], files=workdays.year_files(tmp_path))
    assert 2027 in cal.confirmed and 2027 not in cal.provisional
    assert not cal.is_working_day(date(2027, 1, 4))
    assert cal.is_working_day(date(2027, 1, 9))
    assert cal.add_working_days(date(2026, 12, 31), 5) == date(2027, 1, 9)
    assert cal.sources[2027] == "test fixture"


@pytest.mark.parametrize("doc, name, words", [
    ({"year": 2027, "notice": "n", "workdays": ["2027-01-04"]}, "2027.json", "weekend"),
    ({"year": 2027, "notice": "n", "holidays": ["2028-01-01"]}, "2027.json", "outside"),
    ({"year": 2027, "notice": "n"}, "2028.json", "the name"),
    ({"year": 2027, "holidays": []}, "2027.json", "notice"),
    ({"year": 2027, "notice": "n", "holidays": ["1 Jan"]}, "2027.json", "not a working-day"),
])
def test_a_bad_data_file_is_refused_with_a_reason(tmp_path: Path, doc: dict, name: str, words: str) -> None:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(CalendarFileError, match=words):
        workdays.read_year_file(path)


def test_working_days_between_counts_lateness() -> None:
    assert CAL.working_days_between(date(2026, 9, 30), date(2026, 10, 13)) == 5
    assert CAL.working_days_between(date(2026, 10, 13), date(2026, 9, 30)) == -5
    assert CAL.working_days_between(date(2026, 10, 2), date(2026, 10, 2)) == 0


def test_the_wire_form_round_trips_with_its_version() -> None:
    again = WorkCalendar.from_wire(json.loads(json.dumps(CAL.to_wire())))
    assert again == CAL and again.version == CAL.version
    assert again.add_working_days(date(2026, 9, 30), 5) == date(2026, 10, 13)


def test_a_time_limit_out_of_range_is_refused() -> None:
    with pytest.raises(ValueError):
        CAL.add_working_days(date(2026, 1, 1), -1)


def test_counting_by_index_matches_walking_day_by_day() -> None:
    from datetime import timedelta

    def walk_add(start: date, n: int) -> date:
        day = start
        while n:
            day += timedelta(days=1)
            n -= CAL.is_working_day(day)
        return day

    for offset in range(0, 500, 7):
        start = date(2026, 1, 1) + timedelta(days=offset)
        for n in (1, 2, 5, 20):
            assert CAL.add_working_days(start, n) == walk_add(start, n)
            assert CAL.working_days_between(start, walk_add(start, n)) == n
    far = date(2040, 6, 1)  # outside the indexed years: still right, by walking
    assert CAL.add_working_days(far, 1) == date(2040, 6, 4) and CAL.working_days_between(far, date(2040, 6, 4)) == 1
