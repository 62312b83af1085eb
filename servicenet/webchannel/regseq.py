"""Registration codes for web cases: the kiosks' scheme (domain/regcode.py) under the web channel's device
numbers (000, then 999, 998, ... 900: regcode.WEB_DEVICES, which enrollment never gives a kiosk).

Each web device number has a daily sequence of 1..9999: a counter row per (region, day, device) in the
database, taken with one atomic upsert (INSERT ... ON CONFLICT DO UPDATE ... WHERE last < 9999 RETURNING, the
same SQL on SQLite >= 3.35 and PostgreSQL), so every worker and every node draws from the same counters without
a lock of its own. Not one hot row: the device numbers are dealt into LANES lanes (000, 992, 984, ... / 999,
991, ... / ...); a submission takes a random lane and the first device of it with numbers left, then the other
lanes. 101 device numbers give 1,009,899 web codes per region and day, in the same 20-digit format. A device
number in 900..999 that a kiosk got before the web channel reserved them is skipped.
"""
from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from domain import regcode
from servicenet.columns import table
from servicenet.db import devices

WEB_DEVICE = regcode.WEB_DEVICES[0]  # the web channel's first device number: RRRRRR 000 YYMMDD SSSS C
DEFAULT_REGION = "440105"
LANES = 8

web_code_shards = table(
    "web_code_shards",
    sa.Column("region", sa.String(6), primary_key=True),
    sa.Column("day", sa.String(6), primary_key=True),  # YYMMDD, as in the code
    sa.Column("device", sa.Integer, primary_key=True),  # one of regcode.WEB_DEVICES
    sa.Column("last", sa.Integer, nullable=False),
)

_NEXT = sa.text(
    "INSERT INTO web_code_shards (region, day, device, last) VALUES (:region, :day, :device, 1) "
    "ON CONFLICT (region, day, device) DO UPDATE SET last = web_code_shards.last + 1 "
    f"WHERE web_code_shards.last < {regcode.MAX_SEQ} RETURNING last")


class CodesExhausted(RuntimeError):
    """The web channel of this region has issued every code of today (1,009,899)."""


def order(lane: int) -> list[int]:
    """The web device numbers in the order a submission on `lane` tries them: its own lane, then the others."""
    return [d for k in range(LANES) for d in regcode.WEB_DEVICES[(lane + k) % LANES::LANES]]


def region_of(service_code: str, default: str = DEFAULT_REGION) -> str:
    """The region of the department that handles a service: an item code starts with the department's
    unified social credit code (11 + 6-digit region + ...); else the network's default region."""
    region = service_code[2:8]
    return region if len(region) == 6 and region.isdigit() else default


def next_code(engine: Engine, region: str, day: date, lane: Callable[[], int] | None = None) -> str:
    """A new web-channel registration code of `region` for `day` (lane: which lane to start on; random)."""
    start = lane() if lane is not None else random.randrange(LANES)
    with engine.begin() as conn:
        kiosks = set(conn.execute(sa.select(devices.c.number).where(
            devices.c.region == region, devices.c.number > regcode.KIOSK_MAX)).scalars())
        for device in order(start):
            if device in kiosks:
                continue
            seq = conn.execute(_NEXT, {"region": region, "day": f"{day:%y%m%d}", "device": device}).scalar()
            if seq is not None:
                return regcode.make(region, device, day, int(seq))
    raise CodesExhausted(f"{region} 网上申报今日编号已用完 / no web codes left today in {region}")


is_web = regcode.is_web
