"""Schema migrations (Alembic) of servicenet's database, and how a starting server uses them.

- A database Alembic manages (it has `alembic_version`) is upgraded to HEAD when servicenet starts or by
  `servicenet migrate`; then nothing is left for create_all to do.
- A fresh database, or one made before migrations existed, gets its tables from create_all (the current
  schema at once, as Alembic's docs advise), the indexes its older tables lack, and is stamped HEAD, so later
  revisions apply to it.

HEAD is written here so that a start on an up-to-date database does not load Alembic at all (a test checks
it against the scripts). After changing a table: `python scripts/new_migration.py "what changed"`, review the
file in versions/, and set HEAD to its revision.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

HEAD = "0024"
HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]

_version_meta = sa.MetaData()
alembic_version = sa.Table(
    "alembic_version", _version_meta,
    sa.Column("version_num", sa.String(32), primary_key=True),
)


def config(url: str | None = None) -> Any:
    """An Alembic Config on these scripts (no alembic.ini needed)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    if url:
        cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def script_head() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(config()).get_current_head()
    assert head is not None
    return head


def current(engine: Engine) -> str | None:
    """The revision the database is at, or None when Alembic does not manage it."""
    if not sa.inspect(engine).has_table("alembic_version"):
        return None
    with engine.connect() as conn:
        return conn.execute(sa.select(alembic_version.c.version_num)).scalar()


def _upgrade(engine: Engine) -> None:
    from alembic import command

    cfg = config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def _stamp(engine: Engine) -> None:
    _version_meta.create_all(engine)
    try:
        with engine.begin() as conn:
            if conn.execute(sa.select(sa.func.count()).select_from(alembic_version)).scalar_one() == 0:
                conn.execute(sa.insert(alembic_version).values(version_num=HEAD))
    except sa.exc.IntegrityError:  # another process stamped it at the same moment
        pass


TABLE_MODULES = (  # every module that registers tables on servicenet.db.metadata (a test checks the list)
    "servicenet.payments.tables", "servicenet.backoffice.auth", "servicenet.backoffice.view", "servicenet.heartbeat",
    "servicenet.webchannel.regseq", "servicenet.webchannel.submit", "servicenet.ratelimit",
    "servicenet.hall.tables",
    "servicenet.webchannel.phone", "servicenet.sms.tables", "servicenet.results.tables", "servicenet.qrid.sandbox",
    "servicenet.webchannel.login", "servicenet.backoffice.complaints", "servicenet.fleet.diagnostics",
)


def load_tables() -> None:
    """Register every table on servicenet.db.metadata, also when the caller (the CLI) imported none of them."""
    import importlib

    for name in TABLE_MODULES:
        importlib.import_module(name)


def _add_missing_indexes(engine: Engine) -> None:
    """Indexes the code declares on tables an older database already had (create_all skips those tables)."""
    from servicenet import db

    inspector = sa.inspect(engine)
    for table in db.metadata.sorted_tables:
        if not inspector.has_table(table.name):
            continue
        have = {i["name"] for i in inspector.get_indexes(table.name)}
        for index in table.indexes:
            if index.name not in have:
                index.create(engine)


def prepare(engine: Engine, create_all: Callable[[Engine], None]) -> None:
    """Bring the schema up to date at start (see the module docstring); create_all is servicenet.db's."""
    load_tables()
    version = current(engine)
    if version is not None and version != HEAD:
        _upgrade(engine)
    create_all(engine)
    if version is None:
        _add_missing_indexes(engine)
        _stamp(engine)


def upgrade(url: str) -> tuple[str | None, str | None]:
    """`servicenet migrate`: (revision before, revision after). An unmanaged database that already holds
    tables is first brought to the current schema by create_all and stamped, then upgraded."""
    from servicenet import db

    engine = db.make_engine(url)
    try:
        before = current(engine)
        if before is None and sa.inspect(engine).get_table_names():
            prepare(engine, db.create_tables)
        else:
            _upgrade(engine)
        return before, current(engine)
    finally:
        engine.dispose()
