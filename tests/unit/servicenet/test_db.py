"""The database stays portable and an older servicenet file gains the new columns."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlalchemy as sa

from servicenet import db


def test_an_older_database_file_gains_the_new_columns(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE cases (code VARCHAR(20) PRIMARY KEY, service_code VARCHAR(64) NOT NULL, "
                 "digest VARCHAR(64) NOT NULL, payload TEXT NOT NULL, status VARCHAR(16) NOT NULL, "
                 "channel VARCHAR(8) NOT NULL, device_id VARCHAR(64) NOT NULL, submitted_at VARCHAR(40) NOT NULL, "
                 "due_date VARCHAR(10) NOT NULL, received_at VARCHAR(40) NOT NULL)")
    conn.close()
    engine = db.make_engine(f"sqlite:///{path}")
    try:
        db.create_all(engine)
        db.create_all(engine)  # twice is harmless
        names = {c["name"] for c in sa.inspect(engine).get_columns("cases")}
        assert {"person_hash", "applicant_masked_name", "first_response"} <= names
        assert {"attachments", "attachment_chunks", "events", "ratings", "case_attachments"} <= set(
            sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_the_schema_compiles_for_postgresql() -> None:
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.schema import CreateTable

    for table in db.metadata.sorted_tables:
        assert "CREATE TABLE" in str(CreateTable(table).compile(dialect=postgresql.dialect()))
