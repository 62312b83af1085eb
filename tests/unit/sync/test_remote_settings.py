"""A kiosk takes signed settings from a heartbeat's answer: verified for its own id, newer, valid; written."""
from __future__ import annotations

import base64
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain import kiosksettings
from domain.kiosksettings import Settings
from servicenet.process import start_servicenet
from sync.client import NetClient
from sync.heartbeat import Heartbeat
from sync.remote_settings import RemoteSettings
from tests.helpers.enroll import enroll_device, enrolled_settings
from tests.helpers.smalldisk import fill, small_disk  # noqa: F401 - fixture
from tests.helpers.staff import staff_token

KEY = Ed25519PrivateKey.generate()
PUB = base64.b64encode(KEY.public_key().public_bytes(serialization.Encoding.Raw,
                                                     serialization.PublicFormat.Raw)).decode()


def signed(device_id: str, version: int, doc: dict, key: Ed25519PrivateKey = KEY) -> dict:
    sig = key.sign(kiosksettings.statement(device_id, version, doc))
    return {"version": version, "settings": doc, "signature": base64.b64encode(sig).decode()}


@pytest.fixture
def kiosk(tmp_path: Path) -> RemoteSettings:
    path = tmp_path / "kiosk.toml"
    settings = Settings(settings_key=PUB, data_dir=str(tmp_path))
    path.write_text(kiosksettings.dump(settings), encoding="utf-8")
    live: list[Settings] = []
    remote = RemoteSettings(settings, str(path), live.append)
    remote.live = live
    return remote


def test_newer_signed_settings_are_written_and_applied(kiosk: RemoteSettings) -> None:
    me = kiosk.settings.device_id
    assert kiosk.take(signed(me, 4, {"hall_name": "新大厅", "idle_timeout": 60}))
    on_disk = kiosksettings.load(kiosk.config_path)
    assert (on_disk.hall_name, on_disk.idle_timeout, on_disk.settings_version) == ("新大厅", 60, 4)
    assert kiosk.version == 4 and kiosk.live[-1].hall_name == "新大厅"
    assert kiosk.pending_restart  # idle_timeout waits for the next start
    assert not kiosk.take(signed(me, 4, {"hall_name": "又一个"}))  # not newer
    assert not kiosk.take(signed(me, 3, {"hall_name": "又一个"}))
    assert kiosksettings.load(kiosk.config_path).hall_name == "新大厅"


@pytest.mark.parametrize("bad", [
    lambda me: signed("440105-999", 5, {"hall_name": "别人的"}),  # another kiosk's settings, replayed
    lambda me: signed(me, 5, {"hall_name": "伪造"}, Ed25519PrivateKey.generate()),  # not the network's key
    lambda me: signed(me, 5, {"hall_name": "x"}) | {"settings": {"hall_name": "changed after signing"}},
    lambda me: signed(me, 5, {"network_url": "http://evil.example"}),  # signed, but not a remote key
    lambda me: {"version": "x"},
])
def test_refused(kiosk: RemoteSettings, bad) -> None:
    before = kiosk.config_path.read_text()
    assert not kiosk.take(bad(kiosk.settings.device_id))
    assert kiosk.refused and kiosk.version == 0 and kiosk.config_path.read_text() == before


def test_from_the_network_on_the_next_beat(tmp_path: Path) -> None:
    with start_servicenet(f"sqlite:///{tmp_path / 'net.db'}") as net:
        creds = enroll_device(net, hall_name="鳌头镇便民服务中心")
        settings = Settings(data_dir=str(tmp_path), **enrolled_settings(creds, tmp_path / "device.pem"))
        assert settings.settings_key  # given at enrollment
        path = tmp_path / "kiosk.toml"
        path.write_text(kiosksettings.dump(settings), encoding="utf-8")
        remote = RemoteSettings(settings, str(path))
        admin = {"Authorization": f"Bearer {staff_token(net.db_url, 'ADM', ['admin'])}"}
        change = f"{net.url}/v1/backoffice/settings"
        r = requests.post(change, json={"scope": "hall:鳌头镇便民服务中心", "settings": {"idle_timeout": 5}},
                          headers=admin, timeout=10)
        assert r.status_code == 422 and "idle_timeout" in r.json()["detail"]  # refused before any kiosk sees it
        r = requests.post(change, json={"scope": "hall:鳌头镇便民服务中心", "settings": {"hall_name": "鳌头镇政务服务中心"}},
                          headers=admin, timeout=10)
        assert r.status_code == 200
        version = r.json()["version"]
        session = requests.Session()
        session.auth = creds.auth
        client = NetClient(net.url, timeout=5, session=session)
        body = {"at": "2026-12-04T10:00:00+08:00", "queue_depth": 0, "printer": {"health": "ok", "paper": "ok"},
                "reader": {"health": "ok"}}
        hb = Heartbeat(client, lambda: body | {"settings_version": remote.version},
                       on_answer=lambda a: remote.take(a.get("settings")))
        assert hb.send() and remote.version == version
        assert kiosksettings.load(path).hall_name == "鳌头镇政务服务中心"
        answers: list[dict] = []
        hb.on_answer = answers.append
        assert hb.send() and answers[-1]["settings"] is None  # up to date: nothing more
        [k] = requests.get(f"{net.url}/v1/backoffice/kiosks", headers=admin, timeout=10).json()["kiosks"]
        assert k["settings_version"] == version
        client.close()
        session.close()


def test_running_version_waits_for_the_restart_a_change_needs(kiosk: RemoteSettings) -> None:
    me = kiosk.settings.device_id
    assert kiosk.take(signed(me, 2, {"hall_name": "新大厅"}))  # LIVE only: in effect at once
    assert (kiosk.version, kiosk.running, kiosk.pending_restart) == (2, 2, False)
    assert kiosk.take(signed(me, 3, {"idle_timeout": 60}))  # needs a start
    assert (kiosk.version, kiosk.running, kiosk.pending_restart, kiosk.waiting) == (3, 2, True, {"idle_timeout"})
    assert kiosk.take(signed(me, 4, {"idle_timeout": 60, "hall_name": "又一个"}))  # live, but 3 still waits
    assert (kiosk.version, kiosk.running) == (4, 2)
    after_boot = RemoteSettings(kiosksettings.load(kiosk.config_path), str(kiosk.config_path))  # the next start
    assert (after_boot.version, after_boot.running, after_boot.pending_restart) == (4, 4, False)


def test_a_full_disk_refuses_the_change_and_leaves_no_half_written_file(small_disk: Path) -> None:  # noqa: F811 - the fixture imported above
    path = small_disk / "kiosk.toml"
    settings = Settings(settings_key=PUB, data_dir=str(small_disk))
    path.write_text(kiosksettings.dump(settings), encoding="utf-8")
    before = path.read_text()
    remote = RemoteSettings(settings, str(path))
    fill(small_disk, 0)
    assert not remote.take(signed(settings.device_id, 4, {"hall_name": "新大厅" * 20}))
    assert remote.refused and remote.version == 0 and path.read_text() == before
    assert sorted(p.name for p in small_disk.iterdir()) == ["ballast", "kiosk.toml"]  # the space is not kept
