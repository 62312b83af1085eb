"""SMS tables on servicenet's metadata: the outbox, opt-outs, verification codes, and the sandbox's inbox.

Everything the sender needs lives here, not in a process: a row is claimed with a lease (owner + expiry), so
any node may send it, a dead node's claim lapses, and the per-phone rate limit counts rows, not memory.
Importing this module registers the tables, so `servicenet.db.create_all` creates them with the rest.
"""
from __future__ import annotations

import sqlalchemy as sa

from servicenet.db import metadata

# One row per message to send. `event_key` is the idempotency key ("<case code>:accepted"): the same event
# enqueued twice is one message. state: queued → sent | dropped (opted out / given up).
sms_outbox = sa.Table(
    "sms_outbox",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_key", sa.String(120), nullable=False, unique=True),
    sa.Column("phone", sa.String(11), nullable=False, index=True),
    sa.Column("template", sa.String(32), nullable=False),
    sa.Column("params", sa.Text, nullable=False),  # JSON object
    sa.Column("text", sa.Text, nullable=False),  # the rendered message, as the phone shows it
    sa.Column("state", sa.String(8), nullable=False, index=True),
    sa.Column("attempts", sa.Integer, nullable=False, default=0),
    sa.Column("next_at", sa.Float, nullable=False),  # unix time: not before
    sa.Column("lease_owner", sa.String(40), nullable=True),
    sa.Column("lease_until", sa.Float, nullable=True),
    sa.Column("provider", sa.String(32), nullable=False, default=""),
    sa.Column("message_id", sa.String(64), nullable=False, default=""),
    sa.Column("last_error", sa.String(300), nullable=False, default=""),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("sent_at", sa.Float, nullable=True, index=True),
)

# Phones that asked for no more notices (reply TD, or the web page). Verification codes still go out: the
# resident asked for those one by one.
sms_optouts = sa.Table(
    "sms_optouts",
    metadata,
    sa.Column("phone", sa.String(11), primary_key=True),
    sa.Column("at", sa.Float, nullable=False),
    sa.Column("how", sa.String(16), nullable=False),  # reply | web
)

# One-time codes that prove a resident holds a phone (web channel, logins). Only a hash of the code is kept.
sms_codes = sa.Table(
    "sms_codes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("phone", sa.String(11), nullable=False, index=True),
    sa.Column("purpose", sa.String(32), nullable=False),
    sa.Column("code_hash", sa.String(64), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False),
    sa.Column("tries", sa.Integer, nullable=False, default=0),
    sa.Column("used_at", sa.Float, nullable=True),
)

# The sandbox provider's books: what "the phones" received (its inbox page reads them), keyed by the
# outbox's id as the provider's OutId, so a resend after a lost answer is not a second message.
sms_sandbox_inbox = sa.Table(
    "sms_sandbox_inbox",
    metadata,
    sa.Column("message_id", sa.String(64), primary_key=True),
    sa.Column("out_id", sa.String(64), nullable=False, unique=True),
    sa.Column("phone", sa.String(11), nullable=False, index=True),
    sa.Column("sign", sa.String(32), nullable=False),
    sa.Column("template", sa.String(32), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("received_at", sa.Float, nullable=False),
)
