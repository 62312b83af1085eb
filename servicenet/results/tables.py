"""Tables of the results side on servicenet's metadata (imported by servicenet.app before create_all)."""
from __future__ import annotations

import sqlalchemy as sa

from servicenet.db import metadata

# How the resident collects the result, chosen at apply time, and where the notices go. One row per case,
# written with the case (store.submit_*). method: window (窗口领取) | kiosk (自助终端打印) | post (邮寄).
case_delivery = sa.Table(
    "case_delivery",
    metadata,
    sa.Column("code", sa.String(20), sa.ForeignKey("cases.code"), primary_key=True),
    sa.Column("method", sa.String(8), nullable=False),
    sa.Column("phone", sa.String(11), nullable=False, default=""),  # notices (SMS) and the courier
    sa.Column("address", sa.String(200), nullable=False, default=""),  # post only
    sa.Column("carrier", sa.String(32), nullable=False, default=""),
    sa.Column("waybill", sa.String(40), nullable=False, default=""),
    sa.Column("posted_at", sa.String(40), nullable=True),
)
