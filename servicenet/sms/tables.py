"""SMS tables on servicenet's metadata: the outbox, opt-outs, verification codes, and the sandbox's inbox.

Everything the sender needs lives here, not in a process: a row is claimed with a lease (owner + expiry), so
any node may send it, a dead node's claim lapses, and the per-phone rate limit counts rows, not memory.
Importing this module registers the tables, so `servicenet.db.create_all` creates them with the rest.
"""
from __future__ import annotations

import sqlalchemy as sa

from servicenet.columns import phone_number, serial_id, table, unix_time

# One row per message to send. `event_key` is the idempotency key ("<case code>:accepted"): the same event
# enqueued twice is one message. state: queued → sent | dropped (opted out / given up).
sms_outbox = table(
    "sms_outbox",
    serial_id(),
    sa.Column("event_key", sa.String(120), nullable=False, unique=True),
    phone_number(nullable=False, index=True),
    sa.Column("template", sa.String(32), nullable=False),
    sa.Column("params", sa.Text, nullable=False),  # JSON object
    sa.Column("text", sa.Text, nullable=False),  # the rendered message, as the phone shows it
    sa.Column("state", sa.String(8), nullable=False, index=True),
    sa.Column("attempts", sa.Integer, nullable=False, default=0),
    unix_time("next_at"),  # not before
    sa.Column("lease_owner", sa.String(40), nullable=True),
    unix_time("lease_until", nullable=True),
    sa.Column("provider", sa.String(32), nullable=False, default=""),
    sa.Column("message_id", sa.String(64), nullable=False, default=""),
    sa.Column("last_error", sa.String(300), nullable=False, default=""),
    unix_time("created_at"),
    unix_time("sent_at", nullable=True, index=True),
)

# Phones that asked for no more notices (reply TD, or the web page). Verification codes still go out: the
# resident asked for those one by one.
sms_optouts = table(
    "sms_optouts",
    phone_number(primary_key=True),
    unix_time("at"),
    sa.Column("how", sa.String(16), nullable=False),  # reply | web
)

# One-time codes that prove a resident holds a phone (web channel, logins). Only a hash of the code is kept.
sms_codes = table(
    "sms_codes",
    serial_id(),
    phone_number(nullable=False, index=True),
    sa.Column("purpose", sa.String(32), nullable=False),
    sa.Column("code_hash", sa.String(64), nullable=False),
    unix_time("created_at"),
    unix_time("expires_at"),
    sa.Column("tries", sa.Integer, nullable=False, default=0),
    unix_time("used_at", nullable=True),
)

# The sandbox provider's books: what "the phones" received (its inbox page reads them), keyed by the
# outbox's id as the provider's OutId, so a resend after a lost answer is not a second message.
sms_sandbox_inbox = table(
    "sms_sandbox_inbox",
    sa.Column("message_id", sa.String(64), primary_key=True),
    sa.Column("out_id", sa.String(64), nullable=False, unique=True),
    phone_number(nullable=False, index=True),
    sa.Column("sign", sa.String(32), nullable=False),
    sa.Column("template", sa.String(32), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    unix_time("received_at"),
)
