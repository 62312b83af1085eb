"""Alembic migrations: the scripts build exactly the tables the code declares, HEAD is right, a fresh or an
old database is brought under Alembic when servicenet starts (PostgreSQL: tests/integration/test_postgres.py)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Engine

import servicenet.app  # noqa: F401  (every table registered)
from servicenet import db, migrations
from servicenet.process import REPO_ROOT

HINT = ("the tables in code differ from what the migrations build: run "
        "`.venv/bin/python scripts/new_migration.py \"what changed\"`, review it, and set migrations.HEAD")


def drift(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        return list(compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata))


def run(engine: Engine, step: Any, revision: str) -> None:
    """An Alembic command (command.upgrade, command.downgrade) to `revision` on the engine's database."""
    cfg = migrations.config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        step(cfg, revision)


def test_head_constant_is_the_scripts_head() -> None:
    assert migrations.HEAD == migrations.script_head()


def test_upgrade_from_nothing_builds_the_declared_schema(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    assert migrations.upgrade(url) == (None, migrations.HEAD)
    engine = db.make_engine(url)
    try:
        assert drift(engine) == [], HINT
        with engine.begin() as conn:  # and servicenet starts on it (nothing left for create_all to do)
            conn.execute(sa.text("SELECT 1"))
        db.create_all(engine)
        assert migrations.current(engine) == migrations.HEAD
    finally:
        engine.dispose()


def test_downgrade_to_nothing_and_back(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    migrations.upgrade(url)
    engine = db.make_engine(url)
    try:
        run(engine, command.downgrade, "base")
        assert set(sa.inspect(engine).get_table_names()) == {"alembic_version"}
        migrations.upgrade(url)
        assert drift(engine) == []
    finally:
        engine.dispose()


def test_a_fresh_database_is_created_and_stamped(tmp_path: Path) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    try:
        db.create_all(engine)
        assert migrations.current(engine) == migrations.HEAD and drift(engine) == []
    finally:
        engine.dispose()


def test_an_older_unmanaged_database_is_brought_under_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = db.make_engine(url)
    try:
        db.create_tables(engine)  # as servicenet made it before migrations existed
        with engine.begin() as conn:
            conn.execute(sa.text("DROP TABLE web_code_shards"))  # a table added since
            conn.execute(sa.text("DROP INDEX ix_cases_device_id"))  # an index added since
        done = subprocess.run([sys.executable, "-m", "servicenet", "migrate", "--db", url], cwd=REPO_ROOT,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == json.dumps({"from": None, "to": migrations.HEAD})
        assert drift(engine) == []
    finally:
        engine.dispose()


def test_the_cli_registers_every_table_the_app_does() -> None:
    probe = ("import servicenet.db as d, servicenet.migrations as m; m.load_tables(); a = set(d.metadata.tables); "
             "import servicenet.app; print(sorted(set(d.metadata.tables) - a))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]", "add the module to servicenet.migrations.TABLE_MODULES"


def test_status_events_already_stored_take_their_cases_device(tmp_path: Path) -> None:
    """0018: a kiosk's feed reads status_events.device_id, so the events stored before it get their case's."""
    url = f"sqlite:///{tmp_path / 'm.db'}"
    engine = db.make_engine(url)
    try:
        run(engine, command.upgrade, "0017")
        with engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO cases (code, service_code, digest, payload, status, channel, device_id, "
                                 "submitted_at, due_date, received_at) VALUES ('44010500126112600011', 's', 'd', "
                                 "'{}', 'accepted', 'kiosk', '440105-001', 'x', 'x', 'x')"))
            conn.execute(sa.text("INSERT INTO status_events (code, status, at, note) VALUES "
                                 "('44010500126112600011', 'submitted', 'x', ''), "
                                 "('44010500126112600011', 'accepted', 'x', '')"))
        migrations.upgrade(url)
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT device_id FROM status_events ORDER BY seq")).scalars().all() == \
                ["440105-001", "440105-001"]
        assert drift(engine) == []
    finally:
        engine.dispose()


def test_cases_already_stored_keep_their_staff_ids_canonical(tmp_path: Path) -> None:
    """0020: a case stored before the batch API made staff ids canonical (ｓ００１ as sent) gets the payload and
    digest the batch API writes now, so the same bytes sent again are a duplicate, not a conflict; a value that
    has no canonical form is left as sent (and still matches)."""
    from domain import wire
    from servicenet import seed, store
    from tests.unit.servicenet.conftest import make_case

    build = make_case.__wrapped__()
    sent = [build(7001, assisted_by="ｓ００１"),
            build(7002, face_check={"outcome": "clerk_confirmed", "distance": 0.73, "reason": "mismatch",
                                    "clerk": "\u3000Ｓ００１ "}),
            build(7003, assisted_by="王五"), build(7004, assisted_by="S001"), build(7005)]
    url = f"sqlite:///{tmp_path / 'm.db'}"
    engine = db.make_engine(url)
    try:
        run(engine, command.upgrade, "0019")
        with engine.begin() as conn:
            for case in sent:  # as the batch API stored them before: the bytes as sent and their digest
                conn.execute(sa.text("INSERT INTO cases (code, service_code, digest, payload, status, channel, "
                                     "device_id, submitted_at, due_date, received_at) VALUES (:code, 's', :digest, "
                                     ":payload, 'submitted', 'kiosk', 'K-1', 'x', 'x', 'x')"),
                             {"code": case["code"], "digest": wire.digest(case),
                              "payload": wire.canonical(case).decode("utf-8")})
        migrations.upgrade(url)
        with engine.connect() as conn:
            kept = {r.code: (json.loads(r.payload), r.digest) for r in conn.execute(sa.select(db.cases)).all()}
        expected = [{**sent[0], "assisted_by": "s001"}, {**sent[1], "face_check": {**sent[1]["face_check"],
                                                                                  "clerk": "S001"}}, *sent[2:]]
        assert [kept[c["code"]] for c in sent] == [(c, wire.digest(c)) for c in expected]
        seed.seed_if_empty(engine)
        assert [a["result"] for a in store.submit_batch(engine, sent + expected)] == ["duplicate"] * 10
    finally:
        engine.dispose()
