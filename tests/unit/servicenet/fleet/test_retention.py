"""Build retention: old releases' files leave the database after a publish (or `servicenet fleet prune`), but
never a release a ring, a download or a rollback can still need; on SQLite and on PostgreSQL."""
from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from servicenet import db
from servicenet.db import audit_events
from servicenet.fleet import files, filestore, retention, rollout
from servicenet.heartbeat import offer_release, record
from tests.helpers.enroll import SignedNet
from tests.helpers.postgres import postgres  # noqa: F401 - fixture (asked for by name)
from tests.helpers.staff import add_staff
from tests.unit.deploy.conftest import load
from tests.unit.servicenet.fleet.conftest import servicenet  # noqa: F401 - fixture
from tests.unit.servicenet.fleet.test_alerts import add_kiosk, beat
from tests.unit.servicenet.test_cli import cli

SHARED = os.urandom(3000)  # a library every build carries unchanged: stored once, listed by each release
HOUR = files.TOKEN_TTL_S


class Fleet:
    """Signed builds published to one network database, and kiosks that beat with a version."""

    def __init__(self, engine: sa.Engine, folder: Path, kiosks: int = 3) -> None:
        self.engine, self.folder, self.update = engine, folder, load("update")
        self.private, self.public = folder / "k.pem", folder / "k.pub"
        self.update.keygen(self.private, self.public)
        self.kiosks = [add_kiosk(engine, 100 + n) for n in range(kiosks)]
        self.now = 1_800_000_000.0
        self.big: dict[str, bytes] = {}

    def publish(self, version: str) -> str:
        build = self.folder / f"{version}-{self.now:.0f}"
        (build / "lib").mkdir(parents=True)
        (build / "kiosk").write_text(f"#!/bin/sh\necho {version}\n")
        (build / "lib" / "shared.so").write_bytes(SHARED)
        self.big[version] = os.urandom(2 * filestore.CHUNK + 99)  # three chunk rows of its own
        (build / "lib" / "app.bin").write_bytes(self.big[version])
        self.update.sign(build, self.private, version)
        self.now += 10
        return files.publish_build(self.engine, build, self.public.read_bytes(), "A1", self.now)

    def beat_all(self, version: str, *devices: str) -> None:
        self.now += 10
        for d in devices or self.kiosks:
            record(self.engine, d, beat(self.now, app_version=version), self.now)
            offer_release(self.engine, d, version)

    def roll_out(self, version: str) -> None:
        """A rollout that reaches every kiosk (soak 0): done."""
        rollout.start(self.engine, version, self.kiosks[0], self.now)
        for _ in rollout.RINGS:
            self.beat_all(version)
        assert self.state() == "done"

    def state(self) -> str:
        with self.engine.connect() as conn:
            return str(conn.execute(sa.select(rollout.fleet_rollouts.c.state)
                                    .order_by(rollout.fleet_rollouts.c.id.desc()).limit(1)).scalar_one())

    def versions(self) -> list[str]:
        with self.engine.connect() as conn:
            return sorted(r.version for r in conn.execute(sa.select(rollout.fleet_releases.c.version)))

    def chunk_rows(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(filestore.fleet_release_chunks)).scalar_one())

    def whole(self, version: str) -> bool:
        """The release is listed and every file of it is stored."""
        return version in self.versions() and files.missing(self.engine, version) == []


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[sa.Engine]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'net.db'}"
    else:
        url = request.getfixturevalue("postgres").create_database(f"retention{os.getpid()}")
    engine = db.make_engine(url)
    db.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def fleet(engine: sa.Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Fleet:
    monkeypatch.setenv("SERVICENET_ROLLOUT_SOAK", "0")
    return Fleet(engine, tmp_path)


def test_a_publish_removes_what_nobody_needs_and_never_the_rollback_target(fleet: Fleet) -> None:
    fleet.publish("1.0")
    fleet.roll_out("1.0")
    fleet.publish("1.1")
    fleet.roll_out("1.1")
    rows = fleet.chunk_rows()
    fleet.publish("1.2")  # a bad build: the canary rolls back, its rollout pauses
    rollout.start(fleet.engine, "1.2", fleet.kiosks[0], fleet.now)
    fleet.beat_all("1.1", fleet.kiosks[0])
    record(fleet.engine, fleet.kiosks[0], beat(fleet.now, app_version="1.1", rolled_back_from="1.2"), fleet.now)
    assert fleet.state() == "paused"
    fleet.now += 2 * HOUR
    fleet.publish("1.3")  # newest, 1.2 previous and paused, 1.1 the fleet's, 1.0 its rollback target: all kept
    assert fleet.versions() == ["1.0", "1.1", "1.2", "1.3"] and fleet.chunk_rows() == rows + 2 * 4
    fleet.roll_out("1.3")  # supersedes 1.2's paused rollout
    fleet.now += 2 * HOUR  # no download token for 1.2 is good any more

    fleet.publish("1.4")
    assert fleet.versions() == ["1.1", "1.3", "1.4"]  # 1.0 and 1.2 gone; 1.1 is the rollback target of 1.3
    assert all(fleet.whole(v) for v in ("1.1", "1.3", "1.4"))  # the shared library too
    assert fleet.chunk_rows() == 1 + 3 * 4  # each kept build's four rows of its own; SHARED is one row
    found = retention.plan(fleet.engine, fleet.now)
    assert found == {"kept": {"1.1": ["fleet_previous"], "1.3": ["previous", "fleet", "running"],
                              "1.4": ["newest"]}, "removable": []}
    with fleet.engine.connect() as conn:
        entry = conn.execute(sa.select(audit_events).where(audit_events.c.step == "releases_pruned")
                             .order_by(audit_events.c.seq.desc())).first()
    assert entry is not None and entry.actor == "A1" and '"versions":["1.0","1.2"]' in entry.detail
    assert fleet.publish("1.0") == "1.0"  # a removed version can be published again from its signed build


def test_a_kiosk_running_or_downloading_a_release_keeps_it(fleet: Fleet) -> None:
    fleet.publish("1.0")  # never rolled out, but one kiosk was installed with it by hand
    fleet.publish("1.1")
    fleet.roll_out("1.1")
    fleet.beat_all("1.0", fleet.kiosks[2])
    fleet.publish("1.2")
    fleet.roll_out("1.2")
    fleet.beat_all("1.0", fleet.kiosks[2])
    fleet.publish("1.3")
    rollout.start(fleet.engine, "1.3", fleet.kiosks[0], fleet.now)
    fleet.beat_all("1.2", fleet.kiosks[0])  # offered 1.3: the canary downloads it
    fleet.publish("1.4")
    fleet.publish("1.5")
    assert fleet.versions() == ["1.0", "1.1", "1.2", "1.3", "1.4", "1.5"]
    kept = retention.plan(fleet.engine, fleet.now)["kept"]
    assert kept["1.0"] == ["running"] and kept["1.3"] == ["rollout"]

    sha = hashlib.sha256(fleet.big["1.3"]).hexdigest()
    reading = filestore.read(fleet.engine, sha, 0, len(fleet.big["1.3"]) - 1)  # what GET <files_url>/<sha> streams
    got = next(reading)
    record(fleet.engine, fleet.kiosks[1], beat(fleet.now, app_version="1.2", rolled_back_from="1.3"), fleet.now)
    rollout.start(fleet.engine, "1.5", fleet.kiosks[0], fleet.now)  # supersedes 1.3's paused rollout
    fleet.beat_all("1.2", fleet.kiosks[2])  # the kiosk on 1.0 came up to date
    assert retention.prune(fleet.engine, "A1", fleet.now)["removed"] == ["1.0"]
    assert got + b"".join(reading) == fleet.big["1.3"]  # the download under way is unaffected
    assert retention.plan(fleet.engine, fleet.now)["kept"]["1.3"] == ["offered"]  # its tokens may still be good
    fleet.now += HOUR + 1  # the last token handed out for 1.3 has expired: nobody can still be downloading it
    assert retention.prune(fleet.engine, "A1", fleet.now)["removed"] == ["1.3"]
    assert fleet.versions() == ["1.1", "1.2", "1.4", "1.5"]


def test_a_version_published_again_is_served_by_a_node_that_cached_it(fleet: Fleet, monkeypatch: pytest.MonkeyPatch,
                                                                        engine: sa.Engine) -> None:
    other = db.make_engine(engine.url)  # a second node on the same database: its own cache of file lists
    try:
        fleet.publish("1.0")
        old = hashlib.sha256(fleet.big["1.0"]).hexdigest()
        assert files.size_of(other, "1.0", old) == len(fleet.big["1.0"])
        fleet.publish("1.1")
        fleet.publish("1.2")  # 1.0 pruned on this node
        assert files.size_of(other, "1.0", old) is None
        monkeypatch.setenv("SERVICENET_RELEASE_PRUNE", "0")
        fleet.publish("1.0")  # published again from another build of the same version
        new = hashlib.sha256(fleet.big["1.0"]).hexdigest()
        assert files.size_of(other, "1.0", new) == len(fleet.big["1.0"])
    finally:
        other.dispose()


def test_a_prune_that_fails_leaves_the_publish_done(fleet: Fleet, monkeypatch: pytest.MonkeyPatch) -> None:
    def busy(*_: object) -> None:
        raise sa.exc.OperationalError("DELETE", {}, Exception("database is locked"))

    monkeypatch.setattr(retention, "prune", busy)
    assert fleet.publish("1.0") == "1.0" and fleet.whole("1.0")


def test_pruning_can_be_left_to_the_administrator(fleet: Fleet, monkeypatch: pytest.MonkeyPatch,
                                                  engine: sa.Engine) -> None:
    monkeypatch.setenv("SERVICENET_RELEASE_PRUNE", "0")
    for v in ("1.0", "1.1", "1.2"):
        fleet.publish(v)
    assert fleet.versions() == ["1.0", "1.1", "1.2"]
    url = engine.url.render_as_string(hide_password=False)
    dry = cli(url, "fleet", "prune", "--dry-run")
    assert dry.returncode == 0 and dry.stdout.splitlines() == [
        "1.1\tkept\tprevious", "1.2\tkept\tnewest", "1.0\twould be removed"], dry.stderr
    assert fleet.versions() == ["1.0", "1.1", "1.2"]
    done = cli(url, "fleet", "prune", "--staff-id", "A7")
    assert done.returncode == 0 and "1.0\tremoved" in done.stdout and "1 releases removed, 2 files" in done.stdout
    assert fleet.versions() == ["1.1", "1.2"] and fleet.chunk_rows() == 1 + 2 * 4



def test_the_versions_page_says_why_each_release_is_kept_and_an_admin_prunes(
        servicenet: SignedNet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811 - the fixture imported above
    monkeypatch.setenv("SERVICENET_RELEASE_PRUNE", "0")
    engine = db.make_engine(servicenet.db_url)
    try:
        fleet = Fleet(engine, tmp_path, kiosks=0)
        fleet.now = time.time()
        for v in ("1.0", "1.1", "1.2"):
            fleet.publish(v)
        admin, watcher = requests.Session(), requests.Session()
        assert admin.post(f"{servicenet.url}/admin/login", data=add_staff(servicenet.db_url, "A1", ["admin"]).form(),
                          timeout=10).status_code == 200
        assert watcher.post(f"{servicenet.url}/admin/login",
                            data=add_staff(servicenet.db_url, "S1", ["supervisor"]).form(), timeout=10).status_code == 200
        page = watcher.get(f"{servicenet.url}/admin/versions", timeout=10).text
        assert '<tr data-version="1.2" data-kept="1"><td>1.2</td><td>最新发布</td></tr>' in page
        assert '<tr data-version="1.0" data-kept="0">' in page and "prune-form" not in page  # 监察 only looks
        assert watcher.post(f"{servicenet.url}/admin/versions/prune", timeout=10).status_code == 403
        assert fleet.versions() == ["1.0", "1.1", "1.2"]
        done = admin.post(f"{servicenet.url}/admin/versions/prune", timeout=10)
        assert done.status_code == 200 and 'data-version="1.0"' not in done.text  # redirected to the page
        assert fleet.versions() == ["1.1", "1.2"] and fleet.chunk_rows() == 1 + 2 * 4
    finally:
        engine.dispose()
