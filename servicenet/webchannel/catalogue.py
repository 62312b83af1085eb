"""The catalogue as residents browse it on the web: search by words (name, keywords incl. pinyin initials,
department, life event), filter by category, one page at a time."""
from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from servicenet.db import services

PAGE = 20


def _like(q: str) -> str:
    return "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


SEARCHED = ("name", "keywords", "department", "life_event")  # not the materials: 身份证 is in most of them
CANDIDATES = 5000  # rows the database narrows a search to before the fields are checked


def _hit(item: dict[str, Any], words: list[str]) -> bool:
    text = " ".join(" ".join(v) if isinstance(v, list) else str(v) for v in (item.get(f, "") for f in SEARCHED))
    return all(w.lower() in text.lower() for w in words)


def search(engine: Engine, q: str = "", category: str = "", page: int = 1) -> tuple[list[dict[str, Any]], int]:
    """(services of this page, total matching), by name. Each word of `q` must be in the item's name,
    keywords (incl. pinyin initials), department or life event; the database narrows by LIKE first."""
    words = [w[:40] for w in q.split()[:5]]
    where = [services.c.deleted == sa.false()]
    for word in words:
        where.append(services.c.data.like(_like(word), escape="\\"))
    if category:
        where.append(services.c.data.like(_like(f'"category": "{category}"'), escape="\\"))
    with engine.connect() as conn:
        rows = conn.execute(sa.select(services.c.data).where(*where).order_by(services.c.name, services.c.code)
                            .limit(CANDIDATES)).all()
    items = [json.loads(r.data) for r in rows]
    if words:
        items = [i for i in items if _hit(i, words)]
    start = (max(page, 1) - 1) * PAGE
    return items[start:start + PAGE], len(items)


def get(engine: Engine, code: str) -> dict[str, Any] | None:
    with engine.connect() as conn:
        row = conn.execute(sa.select(services.c.data).where(services.c.code == code,
                                                             services.c.deleted == sa.false())).first()
    return json.loads(row.data) if row else None


CATEGORIES = ("个人办事", "法人办事")  # the two halves of every 政务服务 catalogue
