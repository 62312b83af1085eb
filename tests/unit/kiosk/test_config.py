import pytest

from kiosk import config


def test_defaults_round_trip_through_toml(tmp_path):
    s = config.Settings(region="440117", device_number=42)
    s.printer.qr_mode = "raster"
    path = tmp_path / "kiosk.toml"
    path.write_text(config.dump(s), encoding="utf-8")
    assert config.load(path) == s
    assert config.load(path).device_id == "440117-042"


@pytest.mark.parametrize(
    "text, key",
    [
        ("device_number = 'one'", "device_number"),
        ("region = '44'", "region"),
        ("colour = 'red'", "colour"),
        ("[printer]\nqr_mode = 'laser'", "printer.qr_mode"),
        ("[printer]\nport = true", "printer.port"),
        ("network_url = ", "not valid TOML"),
    ],
)
def test_bad_settings_name_the_key(tmp_path, text, key):
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(config.ConfigError, match=key.replace(".", r"\.")):
        config.load(path)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(config.ConfigError, match="cannot read"):
        config.load(tmp_path / "nope.toml")


def test_kiosk_refuses_a_bad_settings_file_with_a_clear_message(tmp_path, capsys):
    from kiosk.boot import main

    path = tmp_path / "kiosk.toml"
    path.write_text("device_number = 'one'\n", encoding="utf-8")
    assert main(["--config", str(path)]) == 2
    assert "device_number: expected int" in capsys.readouterr().err
