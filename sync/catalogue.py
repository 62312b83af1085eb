"""The offline catalogue cache: seeded from assets, updated by cursor deltas, searched without the network."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from domain.models import ServiceItem
from sync.store import Store

SEED = Path(__file__).resolve().parents[1] / "assets" / "catalogue.json"


def _search_text(item: ServiceItem) -> str:
    parts = [item.name, item.department, item.life_event, item.code, *item.keywords]
    return " ".join(p for p in parts if p).lower()


class Catalogue:
    def __init__(self, store: Store) -> None:
        self.store = store

    def seed_if_empty(self, path: Path = SEED) -> int:
        with self.store.read() as c:
            if c.execute("SELECT 1 FROM services LIMIT 1").fetchone():
                return 0
        data = json.loads(path.read_text(encoding="utf-8"))
        items = data["items"] if isinstance(data, dict) else data
        with self.store.tx() as c:
            return self.apply(c, items)

    def apply(self, conn: sqlite3.Connection, changes: list[dict[str, Any]]) -> int:
        """Apply catalogue changes (items or {"code", "deleted": true}) inside the caller's transaction."""
        for change in changes:
            if change.get("deleted"):
                conn.execute("DELETE FROM services WHERE code=?", (change["code"],))
                continue
            item = ServiceItem.from_wire(change)
            conn.execute(
                "INSERT INTO services(code, name, category, search_text, body) VALUES(?,?,?,?,?) "
                "ON CONFLICT(code) DO UPDATE SET name=excluded.name, category=excluded.category, "
                "search_text=excluded.search_text, body=excluded.body",
                (item.code, item.name, item.category, _search_text(item),
                 json.dumps(item.to_wire(), ensure_ascii=False)),
            )
        return len(changes)

    def _rows(self, sql: str, args: tuple[Any, ...]) -> list[ServiceItem]:
        with self.store.read() as c:
            rows = c.execute(sql, args).fetchall()
        return [ServiceItem.from_wire(json.loads(r["body"])) for r in rows]

    def categories(self) -> list[str]:
        with self.store.read() as c:
            rows = c.execute("SELECT DISTINCT category FROM services ORDER BY category DESC").fetchall()
        return [str(r["category"]) for r in rows]

    def items(self, category: str | None = None) -> list[ServiceItem]:
        if category:
            return self._rows(
                "SELECT body FROM services WHERE category=? ORDER BY popularity DESC, name", (category,)
            )
        return self._rows("SELECT body FROM services ORDER BY popularity DESC, name", ())

    def search(self, text: str, limit: int = 50) -> list[ServiceItem]:
        """Every word must occur in the name, department, keywords or pinyin (initials) of the item."""
        words = [w for w in text.lower().split() if w]
        if not words:
            return self.items()[:limit]
        where = " AND ".join("instr(search_text, ?) > 0" for _ in words)
        return self._rows(
            f"SELECT body FROM services WHERE {where} ORDER BY popularity DESC, name LIMIT ?",
            (*words, limit),
        )

    def get(self, code: str) -> ServiceItem | None:
        found = self._rows("SELECT body FROM services WHERE code=?", (code,))
        return found[0] if found else None

    def bump(self, conn: sqlite3.Connection, code: str) -> None:
        """Count a use, so the most-used items come first."""
        conn.execute("UPDATE services SET popularity = popularity + 1 WHERE code=?", (code,))
