"""Tables of the hall's queue (on the hall node) and of the halls' figures and appointments (on the network).

Both roles share one schema (servicenet/db.py metadata): a hall node uses the queue_* and hall_* tables, the
provincial network uses hall_figures, appointment_* ; neither writes the other's.
"""
from __future__ import annotations

import sqlalchemy as sa

from servicenet.db import metadata

# -- on the hall node -----------------------------------------------------------------------------------

# What a resident can queue for: a prefix letter (A 综合窗口, B…), a name, the catalogue category it covers.
queue_businesses = sa.Table(
    "queue_businesses",
    metadata,
    sa.Column("prefix", sa.String(1), primary_key=True),
    sa.Column("name", sa.String(40), nullable=False),
    sa.Column("category", sa.String(40), nullable=False, default=""),  # "" = 综合窗口 (any service)
    sa.Column("minutes_each", sa.Float, nullable=False, default=8.0),  # average service time (estimate)
)

# The hall's counters: number (3 = 3号窗口) and the prefixes it calls.
queue_counters = sa.Table(
    "queue_counters",
    metadata,
    sa.Column("number", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("prefixes", sa.String(40), nullable=False),  # e.g. "AB"
    sa.Column("is_open", sa.Boolean, nullable=False, default=True),
)

# The last number issued per (day, prefix); the issue transaction bumps it and inserts the ticket.
queue_sequences = sa.Table(
    "queue_sequences",
    metadata,
    sa.Column("day", sa.String(10), primary_key=True),
    sa.Column("prefix", sa.String(1), primary_key=True),
    sa.Column("last", sa.Integer, nullable=False),
)

queue_tickets = sa.Table(
    "queue_tickets",
    metadata,
    sa.Column("ticket_id", sa.String(48), primary_key=True),  # <hall device>-<YYYYMMDD>-<number>: idempotency key
    sa.Column("day", sa.String(10), nullable=False),
    sa.Column("prefix", sa.String(1), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("number", sa.String(8), nullable=False),  # A012
    sa.Column("business", sa.String(40), nullable=False),
    sa.Column("priority", sa.String(16), nullable=False, default=""),  # "" | elderly | appointment
    sa.Column("status", sa.String(10), nullable=False, index=True),  # domain.queue.TicketStatus
    sa.Column("counter", sa.Integer, nullable=True),  # the counter that called it (or it was transferred to)
    sa.Column("transferred", sa.Boolean, nullable=False, default=False),
    sa.Column("issued_at", sa.Float, nullable=False),  # unix time
    sa.Column("called_at", sa.Float, nullable=True),
    sa.Column("ended_at", sa.Float, nullable=True),
    sa.Column("device_id", sa.String(32), nullable=False, default=""),  # the kiosk that issued it
    sa.Column("person_hash", sa.String(64), nullable=True),
    sa.Column("appointment_id", sa.String(40), nullable=True),
    sa.Column("case_code", sa.String(20), nullable=True),  # the case a clerk accepted for it
    sa.UniqueConstraint("day", "prefix", "seq"),
)

# Every call and recall, in order: the display's feed (`id` is its cursor) and the spoken text.
queue_calls = sa.Table(
    "queue_calls",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("ticket_id", sa.String(48), nullable=False, index=True),
    sa.Column("number", sa.String(8), nullable=False),
    sa.Column("counter", sa.Integer, nullable=False),
    sa.Column("at", sa.Float, nullable=False),
    sa.Column("text", sa.String(80), nullable=False),
    sqlite_autoincrement=True,
)

# Waiting for the uplink: one row per change the network must hear of, written in the change's transaction.
hall_outbox = sa.Table(
    "hall_outbox",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("key", sa.String(80), nullable=False, unique=True),  # idempotency key on the network
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("body", sa.Text, nullable=False),  # canonical JSON
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("sent_at", sa.Float, nullable=True, index=True),
    sqlite_autoincrement=True,
)

# The hall node's own settings and cursors (its enrollment on the network, the appointments cursor).
hall_state = sa.Table(
    "hall_state",
    metadata,
    sa.Column("name", sa.String(40), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

# Appointments of this hall, pulled from the network (the copy a check-in reads when the uplink is down).
hall_appointments = sa.Table(
    "hall_appointments",
    metadata,
    sa.Column("appointment_id", sa.String(40), primary_key=True),
    sa.Column("person_hash", sa.String(64), nullable=False, index=True),
    sa.Column("service_name", sa.String(200), nullable=False),
    sa.Column("category", sa.String(40), nullable=False, default=""),
    sa.Column("day", sa.String(10), nullable=False),
    sa.Column("start", sa.String(5), nullable=False),
    sa.Column("status", sa.String(12), nullable=False),  # booked | cancelled | checked_in | no_show
    sa.Column("ticket_id", sa.String(48), nullable=True),
)

# -- on the network ---------------------------------------------------------------------------------------

# What the halls pushed up (tickets issued, calls, ends, check-ins), once per key.
hall_figures = sa.Table(
    "hall_figures",
    metadata,
    sa.Column("key", sa.String(80), primary_key=True),
    sa.Column("hall", sa.String(32), nullable=False, index=True),  # the hall node's device id
    sa.Column("hall_name", sa.String(200), nullable=False, default=""),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("ticket_id", sa.String(48), nullable=False, index=True),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("received_at", sa.String(40), nullable=False),
)

# A hall's booking rules (set on the hall node, pushed up): days, hours, slot length, capacity, no-show rule.
appointment_rules = sa.Table(
    "appointment_rules",
    metadata,
    sa.Column("hall_name", sa.String(200), primary_key=True),
    sa.Column("body", sa.Text, nullable=False),  # JSON: domain.appointments.SlotRules
    sa.Column("updated_at", sa.String(40), nullable=False),
)

appointments = sa.Table(
    "appointments",
    metadata,
    sa.Column("appointment_id", sa.String(40), primary_key=True),
    sa.Column("seq", sa.Integer, nullable=False, unique=True),  # change sequence: halls pull by cursor
    sa.Column("hall_name", sa.String(200), nullable=False, index=True),
    sa.Column("service_code", sa.String(64), nullable=False),
    sa.Column("service_name", sa.String(200), nullable=False),
    sa.Column("category", sa.String(40), nullable=False, default=""),
    sa.Column("person_hash", sa.String(64), nullable=False, index=True),
    sa.Column("masked_name", sa.String(64), nullable=False, default=""),
    sa.Column("day", sa.String(10), nullable=False),
    sa.Column("start", sa.String(5), nullable=False),
    sa.Column("status", sa.String(12), nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
)
