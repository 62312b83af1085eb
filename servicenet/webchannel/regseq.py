"""Registration codes for web cases: the kiosks' scheme (domain/regcode.py) with device number 000.

The daily sequence is a counter row per (region, day) in the database, taken with one atomic upsert
(INSERT ... ON CONFLICT DO UPDATE ... RETURNING, the same SQL on SQLite >= 3.35 and PostgreSQL), so every
worker process and every server of the network draws from the same sequence without a lock of its own.
"""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from domain import regcode
from servicenet.db import metadata

WEB_DEVICE = 0  # the web channel's marker in the code: RRRRRR 000 YYMMDD SSSS C
DEFAULT_REGION = "440105"
MAX_PER_DAY = 9999

web_code_counters = sa.Table(
    "web_code_counters",
    metadata,
    sa.Column("region", sa.String(6), primary_key=True),
    sa.Column("day", sa.String(6), primary_key=True),  # YYMMDD, as in the code
    sa.Column("last", sa.Integer, nullable=False),
)

_NEXT = sa.text(
    "INSERT INTO web_code_counters (region, day, last) VALUES (:region, :day, 1) "
    "ON CONFLICT (region, day) DO UPDATE SET last = web_code_counters.last + 1 RETURNING last")


class CodesExhausted(RuntimeError):
    """The web channel of this region has issued 9999 codes today."""


def region_of(service_code: str, default: str = DEFAULT_REGION) -> str:
    """The region of the department that handles a service: an item code starts with the department's
    unified social credit code (11 + 6-digit region + ...); else the network's default region."""
    region = service_code[2:8]
    return region if len(region) == 6 and region.isdigit() else default


def next_code(engine: Engine, region: str, day: date) -> str:
    """The next web-channel registration code of `region` for `day`."""
    with engine.begin() as conn:
        seq = int(conn.execute(_NEXT, {"region": region, "day": f"{day:%y%m%d}"}).scalar_one())
    if seq > MAX_PER_DAY:
        raise CodesExhausted(f"{region} 网上申报今日编号已用完 / no web codes left today in {region}")
    return regcode.make(region, WEB_DEVICE, day, seq)


def is_web(code: str) -> bool:
    return len(code) == regcode.LENGTH and code[6:9] == f"{WEB_DEVICE:03d}"
