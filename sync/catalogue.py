"""The offline catalogue cache: seeded from assets, updated by cursor deltas, searched by FTS5 without the network.

Search text: CJK is split into single characters (a query of Chinese characters is a phrase of them, so any
substring of a name matches), Latin words stay whole and match by prefix, so the pinyin keywords an item
carries (full pinyin "shenfenzheng", initials "sfz") find it too. The most-used items come first, then the
shortest names (a cheap stand-in for relevance: bm25 over thousands of hits cost more than the 20 ms budget).
"""
from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from domain import workdays
from domain.models import ServiceItem
from domain.workdays import WorkCalendar
from sync.store import Store

SEED = Path(__file__).resolve().parents[1] / "assets" / "catalogue.json"
_CJK = "\u3400-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"([{_CJK}])")
_SPLIT = re.compile(f"[{_CJK}]|[^{_CJK}]+")  # each CJK character alone, other runs whole
_TERMS = re.compile(f"[{_CJK}]+|[0-9a-z]+")
Progress = Callable[[int, int], None]  # (items done, items in this sync so far + still to come)
USES_COUNTED = "catalogue_uses_counted"  # kv: the last cases.rowid counted into the items' popularity


@dataclass(frozen=True)
class CataloguePage:
    items: list[dict[str, Any]]
    cursor: int  # the last change returned
    more: bool
    remaining: int = 0  # changes after this page (for a progress bar)
    calendar: dict[str, Any] | None = None  # WorkCalendar.to_wire(), when it changed


class CatalogueSource(Protocol):
    def catalogue_page(self, cursor: int, limit: int = 1000, calendar: str = "") -> CataloguePage: ...


def search_text(item: ServiceItem) -> str:
    parts = [item.name, item.department, item.life_event, item.code, *item.keywords]
    return " ".join(_SPLIT.findall(" ".join(p for p in parts if p).lower()))


def fts_query(text: str) -> str:
    """User text → FTS5 query: each Chinese run a phrase of its characters, each Latin word a prefix."""
    terms = []
    for run in _TERMS.findall(text.lower()):
        if _CJK_CHAR.match(run):
            terms.append('"' + " ".join(run) + '"')
        else:
            terms.append(f'"{run}"*')
    return " AND ".join(terms)


class Catalogue:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._local: tuple[int, WorkCalendar] | None = None
        self._held: tuple[str, WorkCalendar] | None = None  # the network's calendar, parsed once per change
        self._day: tuple[date, WorkCalendar] | None = None  # calendar()'s answer for one day, until a pull
        self._pulls = 0  # calendars stored by pull(): an answer read before one is not kept
        self.ensure_index()

    def ensure_index(self) -> None:
        """Rebuild the search index when it does not cover the table (a store upgraded from version 2)."""
        with self.store.read() as c:
            n = c.execute("SELECT COUNT(*) FROM services").fetchone()[0]
            m = c.execute("SELECT COUNT(*) FROM services_fts").fetchone()[0]
            k = c.execute("SELECT COUNT(*) FROM service_rank").fetchone()[0]
        if n == m == k:
            return
        with self.store.tx() as c:
            c.execute("DELETE FROM services_fts")
            c.execute("DELETE FROM service_rank")
            rows = c.execute("SELECT rowid, body, popularity FROM services").fetchall()
            c.executemany("INSERT INTO services_fts(rowid, text) VALUES(?,?)",
                          [(r[0], search_text(ServiceItem.from_wire(json.loads(r[1])))) for r in rows])
            c.execute("INSERT INTO service_rank(id, popularity, name_len) SELECT rowid, popularity, length(name) "
                      "FROM services")

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
        old: dict[str, int] = {}
        codes = [c["code"] for c in changes]
        for start in range(0, len(codes), 500):
            part = codes[start:start + 500]
            old.update(conn.execute(f"SELECT code, rowid FROM services WHERE code IN ({','.join('?' * len(part))})",
                                    part).fetchall())
        gone = [(rowid,) for rowid in old.values()]
        conn.executemany("DELETE FROM services_fts WHERE rowid=?", gone)
        conn.executemany("DELETE FROM service_rank WHERE id=?", gone)
        fresh: dict[str, tuple[int, str, int, int]] = {}  # code -> rowid, search text, popularity, name length
        for change in changes:
            if change.get("deleted"):
                conn.execute("DELETE FROM services WHERE code=?", (change["code"],))
                fresh.pop(change["code"], None)
                continue
            item = ServiceItem.from_wire(change)
            row = conn.execute(
                "INSERT INTO services(code, name, category, search_text, body) VALUES(?,?,?,?,?) "
                "ON CONFLICT(code) DO UPDATE SET name=excluded.name, category=excluded.category, "
                "search_text=excluded.search_text, body=excluded.body RETURNING rowid, popularity",
                (item.code, item.name, item.category, "", json.dumps(item.to_wire(), ensure_ascii=False)),
            ).fetchone()
            fresh[item.code] = (row[0], search_text(item), row[1], len(item.name))
        conn.executemany("INSERT OR REPLACE INTO services_fts(rowid, text) VALUES(?,?)",
                         [(r, t) for r, t, _, _ in fresh.values()])
        conn.executemany("INSERT OR REPLACE INTO service_rank(id, popularity, name_len) VALUES(?,?,?)",
                         [(r, p, n) for r, _, p, n in fresh.values()])
        return len(changes)

    def pull(self, source: CatalogueSource, store: Store | None = None, progress: Progress | None = None,
             limit: int = 1000) -> int:
        """Fetch every change after the stored cursor, page by page (each page one transaction)."""
        store = store or self.store
        cursor = int(store.get_kv("catalogue_cursor", "0"))
        done = 0
        while True:
            fresh = False
            held = json.loads(store.get_kv("calendar", "{}")).get("version", "")
            page = source.catalogue_page(cursor, limit, calendar=held)
            with store.tx() as c:
                self.apply(c, page.items)
                store.set_kv(c, "catalogue_cursor", str(page.cursor))
                if page.calendar and page.calendar.get("version") != held:
                    WorkCalendar.from_wire(page.calendar)  # refuse a calendar this kiosk cannot read
                    store.set_kv(c, "calendar", json.dumps(page.calendar))
                    fresh = True
            if fresh:
                self._pulls += 1
                self._day = None
            done += len(page.items)
            if progress is not None:
                progress(done, done + (page.remaining if page.more else 0))
            if not page.more or page.cursor <= cursor:
                return done
            cursor = page.cursor

    def calendar(self, today: date) -> WorkCalendar:
        """The network's working-day calendar as last pulled; before the first pull, the one built here from
        the same library and data files (domain/workdays.py). The answer is kept for the day: only pull()
        changes the held calendar, and it drops what is kept (so an enqueue reads no row for it)."""
        kept = self._day
        if kept is not None and kept[0] == today:
            return kept[1]
        pulls = self._pulls
        calendar = self._calendar(today)
        if pulls == self._pulls:
            self._day = (today, calendar)
        return calendar

    def _calendar(self, today: date) -> WorkCalendar:
        held = self.store.get_kv("calendar", "")
        if held:
            if self._held is None or self._held[0] != held:
                self._held = (held, WorkCalendar.from_wire(json.loads(held)))
            return self._held[1]
        if self._local is None or today.year != self._local[0]:
            self._local = (today.year, workdays.around(today))
        return self._local[1]

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
        """Every word must occur in the name, department, life event, code or keywords (pinyin included)."""
        query = fts_query(text)
        if not query:
            return self._rows("SELECT body FROM services ORDER BY popularity DESC, name LIMIT ?", (limit,))
        return self._rows(
            "SELECT s.body FROM (SELECT f.rowid AS id, r.popularity, r.name_len FROM services_fts f "
            "JOIN service_rank r ON r.id = f.rowid WHERE services_fts MATCH ? "
            "ORDER BY r.popularity DESC, r.name_len, f.rowid LIMIT ?) AS hit "
            "JOIN services s ON s.rowid = hit.id ORDER BY hit.popularity DESC, hit.name_len, hit.id",
            (query, limit),
        )

    def get(self, code: str) -> ServiceItem | None:
        found = self._rows("SELECT body FROM services WHERE code=?", (code,))
        return found[0] if found else None

    def bump(self, conn: sqlite3.Connection, code: str, uses: int = 1) -> None:
        """Count uses, so the most-used items come first."""
        row = conn.execute("UPDATE services SET popularity = popularity + ? WHERE code=? RETURNING rowid, popularity",
                           (uses, code)).fetchone()
        if row is not None:
            conn.execute("UPDATE service_rank SET popularity=? WHERE id=?", (row[1], row[0]))

    def count_uses(self, conn: sqlite3.Connection) -> int:
        """Add the cases stored since the last count to their items' popularity; returns how many were counted.

        The uses are read back from the durable cases table past a watermark (its rowid), inside the caller's
        write transaction (the sender's, soon after each enqueue): the resident's enqueue writes no catalogue
        page, and a crash loses no use, it is counted by the next transaction that calls this."""
        row = conn.execute("SELECT value FROM kv WHERE key=?", (USES_COUNTED,)).fetchone()
        done = int(row[0]) if row else 0
        found = conn.execute("SELECT service_code, COUNT(*), MAX(rowid) FROM cases WHERE rowid > ? "
                             "GROUP BY service_code", (done,)).fetchall()
        if not found:
            return 0
        for code, uses, _ in found:
            self.bump(conn, code, uses)
        self.store.set_kv(conn, USES_COUNTED, str(max(r[2] for r in found)))
        return sum(r[1] for r in found)
