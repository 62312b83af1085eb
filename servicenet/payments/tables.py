"""Payment tables on servicenet's metadata: the gateway's orders, notifies and refunds, and the sandbox's trades.

Importing this module registers them, so `servicenet.db.create_all` creates them with the rest.
"""
from __future__ import annotations

import sqlalchemy as sa

from servicenet.db import metadata

# The gateway's record of every order a kiosk (or the web channel) asked for, and of tombstones: an order number
# closed or reversed before the provider knew it, so a create that arrives late cannot take money.
payment_orders = sa.Table(
    "payment_orders",
    metadata,
    sa.Column("out_trade_no", sa.String(40), primary_key=True),
    sa.Column("case_code", sa.String(20), nullable=False, index=True),
    sa.Column("flow", sa.String(10), nullable=False),  # native | micropay | "" (tombstone)
    sa.Column("device_id", sa.String(64), nullable=False, default=""),
    sa.Column("amount_cents", sa.BigInteger, nullable=False, default=0),
    sa.Column("fee_item", sa.String(200), nullable=False, default=""),
    sa.Column("state", sa.String(16), nullable=False),  # domain.payment.PayState
    sa.Column("provider", sa.String(32), nullable=False),
    sa.Column("digest", sa.String(64), nullable=False, default=""),  # of the create request: same number, same order
    sa.Column("code_url", sa.String(200), nullable=False, default=""),
    sa.Column("expires_at", sa.String(40), nullable=True),
    sa.Column("transaction_id", sa.String(64), nullable=False, default=""),
    sa.Column("paid_at", sa.String(40), nullable=True),
    sa.Column("message", sa.String(300), nullable=False, default=""),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("updated_at", sa.String(40), nullable=False),
)

# Every notify the provider delivered (idempotency: the same bytes again are acknowledged and change nothing).
payment_notifies = sa.Table(
    "payment_notifies",
    metadata,
    sa.Column("digest", sa.String(64), primary_key=True),
    sa.Column("provider", sa.String(32), nullable=False),
    sa.Column("out_trade_no", sa.String(40), nullable=False, index=True),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("received_at", sa.String(40), nullable=False),
    sa.Column("count", sa.Integer, nullable=False, default=1),
)

payment_refunds = sa.Table(
    "payment_refunds",
    metadata,
    sa.Column("out_refund_no", sa.String(48), primary_key=True),
    sa.Column("out_trade_no", sa.String(40), nullable=False, index=True),
    sa.Column("amount_cents", sa.BigInteger, nullable=False),
    sa.Column("reason", sa.String(200), nullable=False),
    sa.Column("staff_id", sa.String(64), nullable=False),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("at", sa.String(40), nullable=False),
)

# The sandbox provider's own books: what "the payer's bank" did. `charged` counts how often money moved in.
sandbox_trades = sa.Table(
    "sandbox_trades",
    metadata,
    sa.Column("out_trade_no", sa.String(40), primary_key=True),
    sa.Column("flow", sa.String(10), nullable=False),
    sa.Column("amount_cents", sa.BigInteger, nullable=False),
    sa.Column("description", sa.String(200), nullable=False),
    sa.Column("attach", sa.String(64), nullable=False, default=""),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("token", sa.String(40), nullable=True, unique=True),  # native: inside code_url
    sa.Column("auth_hash", sa.String(64), nullable=False, default=""),  # micropay: sha256 of the payment code
    sa.Column("expires_at", sa.String(40), nullable=True),
    sa.Column("transaction_id", sa.String(40), nullable=False, default=""),
    sa.Column("paid_at", sa.String(40), nullable=True),
    sa.Column("recall_left", sa.Integer, nullable=False, default=0),
    sa.Column("notified", sa.Boolean, nullable=False, default=False),
    sa.Column("charged", sa.Integer, nullable=False, default=0),
    sa.Column("refunded_cents", sa.BigInteger, nullable=False, default=0),
    sa.Column("refund_no", sa.String(48), nullable=False, default=""),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("updated_at", sa.String(40), nullable=False),
)

# Payment codes the sandbox "wallet" showed, with what the payer will do when one is charged.
sandbox_codes = sa.Table(
    "sandbox_codes",
    metadata,
    sa.Column("auth_code", sa.String(24), primary_key=True),
    sa.Column("behaviour", sa.String(16), nullable=False),  # pay | password | decline
    sa.Column("used_by", sa.String(40), nullable=True),
    sa.Column("created_at", sa.String(40), nullable=False),
)
