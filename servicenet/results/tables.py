"""Tables of the results side on servicenet's metadata (imported by servicenet.app before create_all)."""
from __future__ import annotations

import sqlalchemy as sa

from servicenet.columns import case_ref, iso_time, phone_number, table

# How the resident collects the result, chosen at apply time, and where the notices go. One row per case,
# written with the case (store.submit_*). method: window (窗口领取) | kiosk (自助终端打印) | post (邮寄).
case_delivery = table(
    "case_delivery",
    case_ref(primary_key=True),
    sa.Column("method", sa.String(8), nullable=False),
    phone_number(nullable=False, default=""),  # notices (SMS) and the courier
    sa.Column("address", sa.String(200), nullable=False, default=""),  # post only
    sa.Column("carrier", sa.String(32), nullable=False, default=""),
    sa.Column("waybill", sa.String(40), nullable=False, default=""),
    iso_time("posted_at", nullable=True),
)

# The result documents of a finished case (批文 / 证明 / 证照), stamped and signed by the network
# (documents.py). `doc_code` is the public verification code; `statement` is the canonical JSON the network
# signed (code, case, kind, title, sha256 of the stamped bytes, masked holder, issue date).
result_documents = table(
    "result_documents",
    sa.Column("doc_code", sa.String(16), primary_key=True),
    case_ref("case_code", nullable=False, index=True),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(8), nullable=False),  # 批文 | 证明 | 证照
    sa.Column("title", sa.String(100), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),  # the stamped PDF
    sa.Column("holder_masked", sa.String(64), nullable=False),
    iso_time("issued_at"),
    sa.Column("issued_by", sa.String(64), nullable=False, default=""),
    sa.Column("print_limit", sa.Integer, nullable=False),
    sa.Column("statement", sa.Text, nullable=False),
    sa.Column("signature", sa.String(100), nullable=False),  # Ed25519 over `statement`, base64
    sa.UniqueConstraint("case_code", "seq"),
)

# Every print of a result document at a kiosk: which kiosk, when, how many copies. `key` is the kiosk's
# idempotency key, so a retried report is one print. A print the A4 printer did not take is given back by the
# kiosk that counted it (`returned_at`, `return_reason`): it no longer counts, and stays here for the back office.
# A give-back that arrives before its count (the count's reply was lost) keeps the key with copies 0, so the
# count, if it still comes, is void.
result_prints = table(
    "result_prints",
    sa.Column("key", sa.String(80), primary_key=True),
    sa.Column("doc_code", sa.String(16), sa.ForeignKey("result_documents.doc_code"), nullable=False, index=True),
    sa.Column("device_id", sa.String(64), nullable=False),
    sa.Column("copies", sa.Integer, nullable=False),
    iso_time("at"),
    iso_time("returned_at", nullable=True),
    sa.Column("return_reason", sa.String(40), nullable=False, default="", server_default=""),
)
