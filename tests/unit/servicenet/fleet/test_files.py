"""A published release's files on the network: stored with the release, served by sha256 with HTTP Range to the
kiosk the heartbeat offered it to (a download token in the path), fetched and verified by deploy/fetch.py."""
from __future__ import annotations

import os
import tarfile
import time
from datetime import datetime
from pathlib import Path
from types import ModuleType

import pytest
import requests

from servicenet import db
from servicenet.fleet import files, filestore
from tests.helpers.enroll import SignedNet, enroll_device
from tests.helpers.servicenet_proc import running_servicenet
from tests.helpers.staff import add_staff
from tests.unit.deploy.conftest import load
from tests.unit.deploy.test_update import keys, make_build  # noqa: F401 - fixture
from tests.unit.servicenet.test_cli import cli


@pytest.fixture(scope="module")
def update() -> ModuleType:
    return load("update")


def beat(net: SignedNet, version: str) -> dict[str, object]:
    at = datetime.now().astimezone().isoformat(timespec="seconds")
    body = {"at": at, "queue_depth": 0, "printer": {"health": "ok", "reason": ""},
            "reader": {"health": "ok", "reason": ""}, "app_version": version}
    r = net.http.post(f"{net.url}/v1/devices/heartbeat", json=body, timeout=10)
    r.raise_for_status()
    return dict(r.json())


def test_a_published_build_reaches_the_canary_resumably_and_verified(
        servicenet: SignedNet, tmp_path: Path, keys: tuple[Path, Path],  # noqa: F811 - the fixture imported above
        update: ModuleType) -> None:
    net, (private, public) = servicenet, keys
    build = make_build(tmp_path / "dist" / "kiosk", "2.0.0")
    (build / "_internal" / "__init__.py").write_bytes(b"")  # an empty file is a file too
    (build / "_internal" / "big.bin").write_bytes(big := os.urandom(2 * filestore.CHUNK + 100))  # 3 stored rows
    update.sign(build, private)
    (build / "kiosk").write_text("#!/bin/sh\necho altered\n")  # not what was signed: refused whole
    done = cli(net.db_url, "fleet", "publish", str(build), "--release-key", str(public))
    assert done.returncode == 2 and "kiosk does not match the manifest" in done.stderr
    update.sign(build, private)
    done = cli(net.db_url, "fleet", "publish", str(build), "--release-key", str(public))
    assert done.returncode == 0 and "published 2.0.0" in done.stdout, done.stderr
    assert beat(net, "1.0.0")["release"] is None  # published, not rolled out
    done = cli(net.db_url, "fleet", "rollout", "2.0.0", "--canary", net.creds.device_id)
    assert done.returncode == 0, done.stderr

    offer = beat(net, "1.0.0")["release"]
    assert isinstance(offer, dict) and offer["version"] == "2.0.0"
    files_url = net.url + str(offer["files_url"])
    lib = update.scan(build)[0]["_internal/libfake.so.1"]
    url = f"{files_url}/{lib['sha256']}"
    whole = requests.get(url, timeout=10)  # no device signature needed: the token is the credential
    assert whole.status_code == 200 and len(whole.content) == lib["size"] == 2048
    part = requests.get(url, headers={"Range": "bytes=1000-"}, timeout=10)
    assert part.status_code == 206 and part.content == whole.content[1000:]
    assert part.headers["Content-Range"] == "bytes 1000-2047/2048"
    assert requests.get(url, headers={"Range": "bytes=-48"}, timeout=10).content == whole.content[-48:]
    assert requests.get(url, headers={"Range": "bytes=4096-"}, timeout=10).status_code == 416
    assert requests.get(f"{files_url}/{'0' * 64}", timeout=10).status_code == 404  # not in this release
    big_url = f"{files_url}/{update.scan(build)[0]['_internal/big.bin']['sha256']}"
    got = requests.get(big_url, timeout=10)
    assert got.content == big and got.headers["Content-Length"] == str(len(big))  # streamed a chunk at a time
    a, b = filestore.CHUNK - 10, 2 * filestore.CHUNK + 5  # a range over three chunks, cut inside two
    across = requests.get(big_url, headers={"Range": f"bytes={a}-{b}"}, timeout=10)
    assert across.status_code == 206 and across.content == big[a:b + 1]
    assert across.headers["Content-Range"] == f"bytes {a}-{b}/{len(big)}"
    assert requests.get(big_url, headers={"Range": "bytes=-7"}, timeout=10).content == big[-7:]
    assert requests.get(big_url, headers={"Range": f"bytes={2 * filestore.CHUNK}-"}, timeout=10).content == big[-100:]
    forged = files_url.replace(str(offer["files_url"]).split(".")[1], "9999999999")  # a later expiry
    assert requests.get(f"{forged}/{lib['sha256']}", timeout=10).status_code == 403
    assert requests.get(f"{net.url}/v1/releases/x.1.y/files/{lib['sha256']}", timeout=10).status_code == 403

    fetch = load("fetch")
    staging = tmp_path / "staging"
    (staging / "blobs").mkdir(parents=True)
    (staging / "blobs" / f"{lib['sha256']}.part").write_bytes(whole.content[:700])  # a download cut short
    fetched = fetch.fetch(offer, files_url, staging, public)
    assert update.verify(fetched, public).version == "2.0.0"

    assert cli(net.db_url, "revoke-device", net.creds.device_id).returncode == 0  # a stolen kiosk
    revoked = requests.get(url, timeout=10)  # its token is fresh for the rest of the hour: it opens nothing more
    assert revoked.status_code == 403 and "停用" in revoked.text


def test_tokens_bind_kiosk_release_and_time() -> None:
    secret, now = files.secret_from(b"k" * 32), time.time()
    path = files.files_path(secret, "440105-001", "2.0.0", now)
    token = path.removeprefix(files.PREFIX).removesuffix("/files")
    assert files.check_token(secret, token, now + 10) == ("440105-001", "2.0.0")
    with pytest.raises(Exception, match="expired"):
        files.check_token(secret, token, now + files.TOKEN_TTL_S + 10)
    with pytest.raises(Exception, match="not a download token"):
        files.check_token(files.secret_from(b"other" * 8), token, now)
    assert files.byte_range("bytes=0-9", 100) == (0, 9) and files.byte_range("bytes=90-200", 100) == (90, 99)
    assert files.byte_range(None, 100) is None and files.byte_range("bytes=0-1,5-6", 100) is None
    with pytest.raises(ValueError):  # an empty file has no last bytes to send (it was "bytes 0--1/0")
        files.byte_range("bytes=-5", 0)


def test_an_archive_that_would_unpack_too_large_is_refused_before_it_is(
        tmp_path: Path, keys: tuple[Path, Path],  # noqa: F811 - the fixture imported above
        update: ModuleType) -> None:
    build = make_build(tmp_path / "dist" / "kiosk", "3.0.1")
    update.sign(build, keys[0])
    archive = tmp_path / "kiosk.tar.xz"
    with tarfile.open(archive, "w:xz") as tar:
        tar.add(build, arcname="kiosk")
    with pytest.raises(files.rollout.RolloutRefused, match="归档过大"):  # refused before the database is asked
        files.publish_archive(None, archive.read_bytes(), keys[1].read_bytes(), "A1", time.time(), max_unpacked=1000)


def test_an_upload_past_the_networks_limit_is_refused_before_it_is_read(
        tmp_path: Path, keys: tuple[Path, Path],  # noqa: F811 - the fixture imported above
        update: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    build = make_build(tmp_path / "dist" / "kiosk", "3.0.2")
    update.sign(build, keys[0])
    archive = tmp_path / "kiosk-3.0.2.tar"  # uncompressed: larger than the limit below
    with tarfile.open(archive, "w") as tar:
        tar.add(build, arcname="kiosk")
    monkeypatch.setenv("SERVICENET_RELEASE_KEY", str(keys[1]))
    monkeypatch.setenv("SERVICENET_RELEASE_MAX_MB", "0.004")  # 4 KB
    with running_servicenet(tmp_path / "servicenet.db") as net:
        browser = requests.Session()
        admin = add_staff(net.db_url, "A1", ["admin"])
        assert browser.post(f"{net.url}/admin/login", data=admin.form(), timeout=10).status_code == 200
        with archive.open("rb") as f:
            done = browser.post(f"{net.url}/admin/versions/publish", files={"build": (archive.name, f)}, timeout=30)
        assert done.status_code == 413 and "归档过大" in done.text and "SERVICENET_RELEASE_MAX_MB" in done.text
        assert 'value="3.0.2"' not in done.text


def test_an_administrator_publishes_and_rolls_out_on_the_versions_page(
        tmp_path: Path, keys: tuple[Path, Path],  # noqa: F811 - the fixture imported above
        update: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    build = make_build(tmp_path / "dist" / "kiosk", "3.0.0")
    update.sign(build, keys[0])
    archive = tmp_path / "kiosk-3.0.0.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(build, arcname="kiosk")
    monkeypatch.setenv("SERVICENET_RELEASE_KEY", str(keys[1]))
    with running_servicenet(tmp_path / "servicenet.db") as net:
        canary = enroll_device(net).device_id
        browser = requests.Session()
        admin = add_staff(net.db_url, "A1", ["admin"])
        assert browser.post(f"{net.url}/admin/login", data=admin.form(), timeout=10).status_code == 200
        bad = browser.post(f"{net.url}/admin/versions/publish", files={"build": ("x.tar.gz", b"not a tar")},
                           timeout=10)
        assert bad.status_code == 422 and "不是 tar 归档" in bad.text
        with archive.open("rb") as f:
            done = browser.post(f"{net.url}/admin/versions/publish", files={"build": (archive.name, f)}, timeout=30)
        assert done.status_code == 200 and 'value="3.0.0"' in done.text  # back on the page, the release listed
        engine = db.make_engine(net.db_url)
        assert files.missing(engine, "3.0.0") == []  # every file of the build stored with it
        engine.dispose()
        refused = browser.post(f"{net.url}/admin/versions/rollout", data={"version": "3.0.0", "canary": "nobody"},
                               timeout=10)
        assert refused.status_code == 409 and "没有终端" in refused.text
        page = browser.post(f"{net.url}/admin/versions/rollout", data={"version": "3.0.0", "canary": canary},
                            timeout=10).text
        assert 'data-version="3.0.0" data-state="running"' in page and canary in page
        supervisor = add_staff(net.db_url, "S1", ["supervisor"])
        watcher = requests.Session()
        assert watcher.post(f"{net.url}/admin/login", data=supervisor.form(), timeout=10).status_code == 200
        assert "publish-form" not in watcher.get(f"{net.url}/admin/versions", timeout=10).text  # 监察 only looks
        assert watcher.post(f"{net.url}/admin/versions/rollout", data={"version": "3.0.0", "canary": canary},
                            timeout=10).status_code == 403
