"""What the network may set on a kiosk, checked with the kiosk's own schema (domain/kiosksettings.py)."""
from __future__ import annotations

import pytest

from domain.kiosksettings import ConfigError, Settings, remote, statement


def test_a_remote_change_over_the_current_settings() -> None:
    current = Settings(hall_name="旧大厅", device_key="/k.pem")
    new = remote(current, {"hall_name": "新大厅", "idle_timeout": 90, "printer": {"host": "10.0.0.5", "port": 9101}})
    assert (new.hall_name, new.idle_timeout, new.printer.host, new.printer.port) == ("新大厅", 90, "10.0.0.5", 9101)
    assert new.printer.timeout == current.printer.timeout and new.device_key == "/k.pem"  # the rest is kept
    assert current.hall_name == "旧大厅"  # a new object


@pytest.mark.parametrize(("change", "words"), [
    ({"network_url": "http://evil.example"}, "network_url: may not be set from the network"),
    ({"staff": {"pin_hash": "x"}}, "staff: may not be set"),
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
