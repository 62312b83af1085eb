"""The network's metadata and the column kinds its tables share, declared once: a moment as ISO text or as unix
time, a table's own serial id, a reference to a case, a phone number. Every module that owns tables builds them with
`table(...)`, so importing it registers them for `servicenet.db.create_all` (and the migrations compare them).
"""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

metadata = sa.MetaData()


def table(name: str, *columns: sa.schema.SchemaItem, **kw: Any) -> sa.Table:
    """A table on the network's metadata."""
    return sa.Table(name, metadata, *columns, **kw)


def serial_id(name: str = "id") -> sa.Column[Any]:
    """The table's own increasing number (the cursor of a feed, or a row's key where nothing else is)."""
    return sa.Column(name, sa.Integer, primary_key=True, autoincrement=True)


def iso_time(name: str, *, nullable: bool = False, **kw: Any) -> sa.Column[Any]:
    """A moment as ISO 8601 text with its offset, as the kiosks and the pages show it."""
    return sa.Column(name, sa.String(40), nullable=nullable, **kw)


def made_and_changed() -> tuple[sa.Column[Any], sa.Column[Any]]:
    """`created_at` and `updated_at` (ISO text): when the row was made and when it last changed."""
    return iso_time("created_at"), iso_time("updated_at")


def unix_time(name: str, *, nullable: bool = False, **kw: Any) -> sa.Column[Any]:
    """A moment as unix time (seconds), for what the network compares and orders itself: expiries, leases."""
    return sa.Column(name, sa.Float, nullable=nullable, **kw)


def case_ref(name: str = "code", **kw: Any) -> sa.Column[Any]:
    """The registration code of the case a row belongs to."""
    return sa.Column(name, sa.String(20), sa.ForeignKey("cases.code"), **kw)


def phone_number(name: str = "phone", **kw: Any) -> sa.Column[Any]:
    """A mainland mobile number in its canonical 11 digits (domain.phone.validate)."""
    return sa.Column(name, sa.String(11), **kw)


def leased_work() -> tuple[sa.Column[Any], ...]:
    """What servicenet/leased.py works a table of jobs by: its state (queued → …), the tries so far, when it is
    next due, the lease (owner and expiry) and the last failure's words."""
    return (sa.Column("state", sa.String(8), nullable=False, index=True),
            sa.Column("attempts", sa.Integer, nullable=False, default=0),
            unix_time("next_at"),
            sa.Column("lease_owner", sa.String(40), nullable=True),
            unix_time("lease_until", nullable=True),
            sa.Column("last_error", sa.String(300), nullable=False, default=""))
