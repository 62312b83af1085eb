"""Tables of the hall's queue (on the hall node) and of the halls' figures and appointments (on the network).

Both roles share one schema (servicenet/db.py metadata): a hall node uses the queue_* and hall_* tables, the
provincial network uses hall_figures, appointment_* ; neither writes the other's.
"""
from __future__ import annotations

import sqlalchemy as sa

from servicenet.columns import iso_time, serial_id, table, unix_time

# -- on the hall node -----------------------------------------------------------------------------------

# What a resident can queue for: a prefix letter (A 综合窗口, B…), a name, the catalogue category it covers.
queue_businesses = table(
    "queue_businesses",
    sa.Column("prefix", sa.String(1), primary_key=True),
    sa.Column("name", sa.String(40), nullable=False),
    sa.Column("category", sa.String(40), nullable=False, default=""),  # "" = 综合窗口 (any service)
    sa.Column("minutes_each", sa.Float, nullable=False, default=8.0),  # average service time (estimate)
)

# The hall's counters: number (3 = 3号窗口) and the prefixes it calls.
queue_counters = table(
    "queue_counters",
    sa.Column("number", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("prefixes", sa.String(40), nullable=False),  # e.g. "AB"
    sa.Column("is_open", sa.Boolean, nullable=False, default=True),
)

# The last number issued per (day, prefix); the issue transaction bumps it and inserts the ticket.
queue_sequences = table(
    "queue_sequences",
    sa.Column("day", sa.String(10), primary_key=True),
    sa.Column("prefix", sa.String(1), primary_key=True),
    sa.Column("last", sa.Integer, nullable=False),
)

queue_tickets = table(
    "queue_tickets",
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
    unix_time("issued_at"),
    unix_time("called_at", nullable=True),
    unix_time("ended_at", nullable=True),
    sa.Column("device_id", sa.String(32), nullable=False, default=""),  # the kiosk that issued it
    sa.Column("person_hash", sa.String(64), nullable=True),
    sa.Column("appointment_id", sa.String(40), nullable=True),
    sa.Column("case_code", sa.String(20), nullable=True),  # the case a clerk accepted for it
    sa.UniqueConstraint("day", "prefix", "seq"),
)

# Every call and recall, in order: the display's feed (`id` is its cursor) and the spoken text.
queue_calls = table(
    "queue_calls",
    serial_id(),
    sa.Column("ticket_id", sa.String(48), nullable=False, index=True),
    sa.Column("number", sa.String(8), nullable=False),
    sa.Column("counter", sa.Integer, nullable=False),
    unix_time("at"),
    sa.Column("text", sa.String(80), nullable=False),
    sqlite_autoincrement=True,
)

# Waiting for the uplink: one row per change the network must hear of, written in the change's transaction.
hall_outbox = table(
    "hall_outbox",
    serial_id(),
    sa.Column("key", sa.String(80), nullable=False, unique=True),  # idempotency key on the network
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("body", sa.Text, nullable=False),  # canonical JSON
    unix_time("created_at"),
    unix_time("sent_at", nullable=True, index=True),
    sqlite_autoincrement=True,
)

# The hall node's own settings and cursors (its enrollment on the network, the appointments cursor).
hall_state = table(
    "hall_state",
    sa.Column("name", sa.String(40), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

# Appointments of this hall, pulled from the network (the copy a check-in reads when the uplink is down).
hall_appointments = table(
    "hall_appointments",
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
hall_figures = table(
    "hall_figures",
    sa.Column("key", sa.String(80), primary_key=True),
    sa.Column("hall", sa.String(32), nullable=False, index=True),  # the hall node's device id
    sa.Column("hall_name", sa.String(200), nullable=False, default=""),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("ticket_id", sa.String(48), nullable=False, index=True),
    sa.Column("body", sa.Text, nullable=False),
    iso_time("received_at"),
)

# A hall's booking rules (set on the hall node, pushed up): days, hours, slot length, capacity, no-show rule.
appointment_rules = table(
    "appointment_rules",
    sa.Column("hall_name", sa.String(200), primary_key=True),
    sa.Column("body", sa.Text, nullable=False),  # JSON: domain.appointments.SlotRules
    iso_time("updated_at"),
)

appointments = table(
    "appointments",
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
    iso_time("created_at"),
)
