"""The network's working-day calendar: its data folder, a bad file left out with a message, the CLI check."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from servicenet import calendar


def write(folder: Path, year: int, doc: dict) -> None:
    (folder / f"{year}.json").write_text(json.dumps(doc), encoding="utf-8")


def test_a_data_file_in_the_folder_confirms_its_year(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SERVICENET_WORKDAYS_DIR", str(tmp_path))
    assert 2027 in calendar.current(date(2026, 12, 4)).provisional
    assert calendar.show(2027) == 0 and "provisional" in capsys.readouterr().out
    write(tmp_path, 2027, {"year": 2027, "notice": "test fixture", "holidays": ["2027-01-01"], "workdays": []})
    assert calendar.show(2027) == 0
    assert capsys.readouterr().out.splitlines()[:2] == ["2027\tconfirmed\ttest fixture", "off\t2027-01-01"]
    assert 2027 in calendar.current(date(2026, 12, 5)).confirmed  # read again the next day


def test_a_bad_file_is_left_out_by_the_server_and_refused_by_the_check(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("SERVICENET_WORKDAYS_DIR", str(tmp_path))
    write(tmp_path, 2027, {"year": 2027, "holidays": ["2027-01-01"]})
    cal = calendar.current(date(2026, 12, 6))
    assert 2027 in cal.provisional and "2027.json" in caplog.text
    assert calendar.show(2027) == 1 and "notice" in capsys.readouterr().err
