"""The service network's catalogue: every change takes the next sequence number, kiosks page by cursor."""
from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from domain.models import POST_FIELDS, ServiceItem, delivery_methods
from servicenet.db import serialize_writers, services


def service_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(services)).scalar_one())


def _next_seq(conn: Connection) -> int:
    return int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(services.c.seq), 0))).scalar_one()) + 1


def _postable(raw: dict[str, Any], methods: tuple[str, ...]) -> None:
    """An item collected by post only needs an address and a phone on its form: a kiosk posts to the form's (it
    has no other place to ask them), so without both fields no resident could apply there."""
    props = (raw.get("form_schema") or {}).get("properties") or {}
    if methods == ("post",) and not POST_FIELDS <= set(props):
        raise ValueError("只提供邮寄的事项，表单须有收件地址（address）和手机号码（phone） / a post-only item's "
                         "form_schema must have address and phone")


def import_catalogue(engine: Engine, items: list[dict[str, Any]], chunk: int = 500) -> int:
    """Insert new items and update changed ones (each takes the next change seq); return how many changed.
    ValueError, naming the item, for delivery_methods that are not a list of known methods, or post only on a form
    without address and phone (nothing is written)."""
    for raw in items:
        try:
            _postable(raw, delivery_methods(raw.get("delivery_methods"), strict=True))
        except ValueError as exc:
            raise ValueError(f"{raw.get('code', '?')} {raw.get('name', '')}: {exc}") from None
    changed = 0
    with engine.begin() as conn:
        serialize_writers(conn, services)
        seq = _next_seq(conn)
        for start in range(0, len(items), chunk):
            part = [ServiceItem.from_wire(raw).to_wire() for raw in items[start:start + chunk]]
            held = {r.code: r for r in conn.execute(
                sa.select(services.c.code, services.c.data, services.c.deleted)
                .where(services.c.code.in_([i["code"] for i in part]))).all()}
            inserts: dict[str, dict[str, Any]] = {}
            updates = []
            for item in part:
                data = json.dumps(item, ensure_ascii=False)  # keeps the author's key order
                row = held.get(item["code"])
                if row is not None and row.data == data and not row.deleted:
                    continue
                if item["code"] in inserts and inserts[item["code"]]["data"] == data:
                    continue
                values = {"seq": seq, "deleted": False, "name": item["name"],
                          "time_limit_days": item["time_limit_days"], "data": data}
                seq += 1
                if row is None:
                    inserts[item["code"]] = {"code": item["code"], **values}  # a code twice: the last wins
                else:
                    updates.append({"b_code": item["code"], **values})
            if inserts:
                conn.execute(sa.insert(services), list(inserts.values()))
            for u in updates:
                conn.execute(sa.update(services).where(services.c.code == u.pop("b_code")).values(**u))
            changed += len(inserts) + len(updates)
    return changed


def retire_service(engine: Engine, code: str) -> bool:
    """Mark a service deleted (it reaches kiosks as a deletion); False if unknown or already deleted."""
    with engine.begin() as conn:
        serialize_writers(conn, services)
        res = conn.execute(
            sa.update(services)
            .where(services.c.code == code, services.c.deleted == sa.false())
            .values(deleted=True, seq=_next_seq(conn))
        )
        return res.rowcount == 1


def catalogue_page(engine: Engine, cursor: int, limit: int) -> dict[str, Any]:
    """Changes with seq > cursor, oldest first; `cursor` is the last seq returned (unchanged when none);
    `remaining` counts the changes after this page."""
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(services.c.code, services.c.seq, services.c.deleted, services.c.data)
            .where(services.c.seq > cursor)
            .order_by(services.c.seq)
            .limit(limit + 1)
        ).all()
        more = len(rows) > limit
        rows = rows[:limit]
        last = rows[-1].seq if rows else cursor
        remaining = int(conn.execute(
            sa.select(sa.func.count()).select_from(services).where(services.c.seq > last)).scalar_one()) if more else 0
    items: list[dict[str, Any]] = []
    for r in rows:
        items.append({"code": r.code, "deleted": True} if r.deleted else {**json.loads(r.data), "deleted": False})
    return {"items": items, "cursor": last, "more": more, "remaining": remaining}
