"""Payment tables on servicenet's metadata: the gateway's orders, notifies and refunds, and the sandbox's trades.

Importing this module registers them, so `servicenet.db.create_all` creates them with the rest.
"""
from __future__ import annotations

import sqlalchemy as sa

from servicenet.columns import iso_time, leased_work, made_and_changed, serial_id, table, unix_time

# The gateway's record of every order a kiosk (or the web channel) asked for, and of tombstones: an order number
# closed or reversed before the provider knew it, so a create that arrives late cannot take money.
payment_orders = table(
    "payment_orders",
    sa.Column("out_trade_no", sa.String(40), primary_key=True),
    sa.Column("case_code", sa.String(20), nullable=False, index=True),
    sa.Column("flow", sa.String(10), nullable=False),  # native | micropay | "" (tombstone)
    sa.Column("device_id", sa.String(64), nullable=False, default=""),
    sa.Column("amount_cents", sa.BigInteger, nullable=False, default=0),
    sa.Column("fee_item", sa.String(200), nullable=False, default=""),
    # indexed: the refund worker looks for open orders of refused cases on every poll (refunds.close_expired)
    sa.Column("state", sa.String(16), nullable=False, index=True),  # domain.payment.PayState
    sa.Column("provider", sa.String(32), nullable=False),
    sa.Column("digest", sa.String(64), nullable=False, default=""),  # of the create request: same number, same order
    sa.Column("code_url", sa.String(200), nullable=False, default=""),
    iso_time("expires_at", nullable=True),
    sa.Column("transaction_id", sa.String(64), nullable=False, default=""),
    iso_time("paid_at", nullable=True),
    sa.Column("message", sa.String(300), nullable=False, default=""),
    *made_and_changed(),
)

# Every notify the provider delivered (idempotency: the same bytes again are acknowledged and change nothing).
payment_notifies = table(
    "payment_notifies",
    sa.Column("digest", sa.String(64), primary_key=True),
    sa.Column("provider", sa.String(32), nullable=False),
    sa.Column("out_trade_no", sa.String(40), nullable=False, index=True),
    sa.Column("state", sa.String(16), nullable=False),
    iso_time("received_at"),
    sa.Column("count", sa.Integer, nullable=False, default=1),
)

payment_refunds = table(
    "payment_refunds",
    sa.Column("out_refund_no", sa.String(48), primary_key=True),
    sa.Column("out_trade_no", sa.String(40), nullable=False, index=True),
    sa.Column("amount_cents", sa.BigInteger, nullable=False),
    sa.Column("reason", sa.String(200), nullable=False),
    sa.Column("staff_id", sa.String(64), nullable=False),
    sa.Column("state", sa.String(16), nullable=False),
    iso_time("at"),
)

# Refunds the network owes on its own: the fee of a case the office refused (不予受理 / 不予办理), queued in the
# transaction that refuses it and sent to the provider by any node under a lease (servicenet/leased.py) until it
# is done. `event_key` is the refund number (domain.payment.refund_no, the counter's too): one refund per order.
# done: the money is back; failed: the provider refused and the order is not refunded.
refund_jobs = table(
    "refund_jobs",
    serial_id(),
    sa.Column("event_key", sa.String(48), nullable=False, unique=True),
    sa.Column("out_trade_no", sa.String(40), nullable=False, index=True),
    sa.Column("case_code", sa.String(20), nullable=False, index=True),
    sa.Column("amount_cents", sa.BigInteger, nullable=False),
    sa.Column("reason", sa.String(200), nullable=False),
    *leased_work(),  # state: queued → done | failed
    unix_time("created_at"),
    unix_time("done_at", nullable=True),
)

# The sandbox provider's own books: what "the payer's bank" did. `charged` counts how often money moved in.
sandbox_trades = table(
    "sandbox_trades",
    sa.Column("out_trade_no", sa.String(40), primary_key=True),
    sa.Column("flow", sa.String(10), nullable=False),
    sa.Column("amount_cents", sa.BigInteger, nullable=False),
    sa.Column("description", sa.String(200), nullable=False),
    sa.Column("attach", sa.String(64), nullable=False, default=""),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("token", sa.String(40), nullable=True, unique=True),  # native: inside code_url
    sa.Column("auth_hash", sa.String(64), nullable=False, default=""),  # micropay: sha256 of the payment code
    iso_time("expires_at", nullable=True),
    sa.Column("transaction_id", sa.String(40), nullable=False, default=""),
    iso_time("paid_at", nullable=True),
    sa.Column("recall_left", sa.Integer, nullable=False, default=0),
    sa.Column("notified", sa.Boolean, nullable=False, default=False),
    sa.Column("charged", sa.Integer, nullable=False, default=0),
    sa.Column("refunded_cents", sa.BigInteger, nullable=False, default=0),
    sa.Column("refund_no", sa.String(48), nullable=False, default=""),
    *made_and_changed(),
)

# Payment codes the sandbox "wallet" showed, with what the payer will do when one is charged.
sandbox_codes = table(
    "sandbox_codes",
    sa.Column("auth_code", sa.String(24), primary_key=True),
    sa.Column("behaviour", sa.String(16), nullable=False),  # pay | password | decline
    sa.Column("used_by", sa.String(40), nullable=True),
    iso_time("created_at"),
)
