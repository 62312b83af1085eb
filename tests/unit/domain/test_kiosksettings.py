"""What the network may set on a kiosk, checked with the kiosk's own schema (domain/kiosksettings.py)."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.kiosksettings import ConfigError, Settings, StaffSettings, load, remote, staff_cards, statement
from tests.helpers.variants import staff_ids, staff_spelled


def test_a_remote_change_over_the_current_settings() -> None:
    current = Settings(hall_name="旧大厅", device_key="/k.pem")
    new = remote(current, {"hall_name": "新大厅", "idle_timeout": 90, "printer": {"host": "10.0.0.5", "port": 9101}})
    assert (new.hall_name, new.idle_timeout, new.printer.host, new.printer.port) == ("新大厅", 90, "10.0.0.5", 9101)
    assert new.printer.timeout == current.printer.timeout and new.device_key == "/k.pem"  # the rest is kept
    assert current.hall_name == "旧大厅"  # a new object


@pytest.mark.parametrize(("change", "words"), [
    ({"network_url": "http://evil.example"}, "network_url: may not be set from the network"),
    ({"staff": {"pin_hash": "x"}}, "staff: may not be set"),
    ({"staff": {"pin_staff_id": "S001"}}, "staff: may not be set"),
    ({"printer": {"kind": "network", "secret": 1}}, "printer.secret: may not be set"),
    ({"printer": "usb"}, "printer: must be a table"),
    ({"idle_timeout": "90"}, "idle_timeout: expected int"),
    ({"idle_timeout": 5}, "idle_timeout: must be 15..3600"),
    ({"hall_name": " "}, "hall_name: 1 to 100"),
    ({"language": "fr"}, "language: must be zh_CN or en"),
    ({"printer": {"kind": "carrier-pigeon"}}, "printer.kind: must be"),
    ({"printer": {"port": 70000}}, "printer.port"),
    ({"voice": "rm -rf /"}, "voice:"),
])
def test_a_bad_change_is_refused_with_the_key(change: dict, words: str) -> None:
    with pytest.raises(ConfigError, match=words.replace(".", r"\.")):
        remote(Settings(), change)


def test_the_statement_binds_the_device() -> None:
    assert statement("440105-001", 3, {"a": 1}) != statement("440105-002", 3, {"a": 1})
    assert statement("440105-001", 3, {"b": 2, "a": 1}) == statement("440105-001", 3, {"a": 1, "b": 2})


@given(staff_ids.flatmap(lambda v: st.tuples(st.just(v), staff_spelled(v))))
def test_the_pin_staff_id_is_made_canonical(pair: tuple[str, str]) -> None:
    """What a PIN login records (assisted_by, the clerk of a face check, the audit log) is canonical from the
    start: the settings file is where a person typed it."""
    value, text = pair
    assert Settings(staff=StaffSettings(pin_staff_id=text)).validate().staff.pin_staff_id == value


def test_a_settings_file_with_full_width_staff_ids(tmp_path: Path) -> None:
    digest = "AB" * 32
    path = tmp_path / "kiosk.toml"
    path.write_text(f'[staff]\npin_staff_id = "\u3000ｃｏｕｎｔｅｒ－１ "\ncards = "Ｓ００７：{digest}， S008:{"cd" * 32}"\n',
                    encoding="utf-8")
    settings = load(path)
    assert settings.staff.pin_staff_id == "counter-1"
    assert staff_cards(settings.staff.cards) == {"ab" * 32: "S007", "cd" * 32: "S008"}


@pytest.mark.parametrize(("staff", "words"), [
    ({"pin_staff_id": "王五"}, "staff.pin_staff_id: .*U\\+738B"), ({"pin_staff_id": ""}, "staff.pin_staff_id: .*1 to 64"),
    ({"pin_staff_id": "S 1"}, "staff.pin_staff_id: .*U\\+0020"), ({"cards": f"S 1:{'ab' * 32}"}, "staff.cards: 'S 1'"),
    ({"cards": "S001:abc"}, "staff.cards: S001: .*64 hex"), ({"cards": f"S001:{'x' * 64}"}, "staff.cards: S001"),
])
def test_a_staff_id_that_cannot_be_made_canonical_stops_the_settings(staff: dict, words: str) -> None:
    with pytest.raises(ConfigError, match=words) as refused:
        Settings(staff=StaffSettings(**staff)).validate()
    assert "abab" not in str(refused.value)  # the hash of a staff member's ID number is never repeated
