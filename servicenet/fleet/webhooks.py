"""Alerts to a webhook: a JSON POST signed with HMAC-SHA256, delivered at least once from a database outbox.

- A webhook belongs to a scope, like a technician: "device:<id>", "hall:<name>", "region:<division code>" (the
  kiosks whose device id starts with that code, e.g. 440105) or "*"; the most specific one wins. The network
  makes its secret (or takes one given) and shows it once; receivers keep it to check the signature.
- `enqueue(conn, event_key, device_id, payload, now)` writes one outbox row in the alert's own transaction, so
  a delivery exists exactly when the alert event does; the same event key again is ignored (one delivery per
  alert event).
- `Sender.drain()` claims due rows under a lease (servicenet/leased.py: any node, a dead node's claim lapses)
  and POSTs them, each only while its lease holds (a slow receiver can outlast it: the row is left for the
  next claim rather than sent by two nodes at once). A 2xx answer is delivered; anything else (refused, timeout, a 5xx) is tried again after
  2, 4, 8 … at most 600 s, MAX_ATTEMPTS times. The body and its Servicenet-Delivery id are the same on every
  try, so a receiver that got a try whose answer was lost can tell the repeat.
- Signature (docs/wire.md "Alert webhooks"): header `Servicenet-Signature: t=<unix seconds>,sha256=<hex>` with
  hex = HMAC-SHA256(secret, "<t>." + raw body). The secret is read at send time: a rotated secret signs
  retries too; a removed webhook drops its pending rows.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
import unicodedata
from typing import Any
from urllib.parse import urlsplit

import requests
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from servicenet import leased
from servicenet.columns import leased_work, serial_id, table, unix_time
from servicenet.db import devices

HEADER = "Servicenet-Signature"
DELIVERY_HEADER = "Servicenet-Delivery"
LEASE_SECONDS = 60.0
MAX_ATTEMPTS = 12  # 2 + 4 + … + 600 s: about an hour of trying
TIMEOUT = 10.0

fleet_webhooks = table(
    "fleet_webhooks",
    sa.Column("scope", sa.String(220), primary_key=True),
    sa.Column("url", sa.String(500), nullable=False),
    sa.Column("secret", sa.String(128), nullable=False),
    sa.Column("staff_id", sa.String(64), nullable=False, default=""),
    unix_time("at"),
)

# One row per delivery. state: queued → sent | dropped (given up, or the webhook was removed).
webhook_outbox = table(
    "webhook_outbox",
    serial_id(),
    sa.Column("event_key", sa.String(120), nullable=False, unique=True),
    sa.Column("scope", sa.String(220), nullable=False, index=True),
    sa.Column("body", sa.Text, nullable=False),  # the JSON sent, byte for byte on every try
    *leased_work(),  # state: queued → sent | dropped
    unix_time("created_at"),
    unix_time("sent_at", nullable=True),
    sqlite_autoincrement=True,
)


class BadWebhook(ValueError):
    """The scope or the URL is not one the network takes (the message says which)."""


def sign(secret: str, body: bytes, t: int) -> str:
    """The Servicenet-Signature header's value for a body sent at unix time t."""
    mac = hmac.new(secret.encode("utf-8"), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={t},sha256={mac}"


def canonical_url(text: str) -> str:
    url = unicodedata.normalize("NFKC", text).strip()
    try:
        parts = urlsplit(url)
        port_ok = parts.port is None or parts.port > 0  # .port raises past 65535
    except ValueError:  # an unclosed [IPv6 address, a port past 65535: refused in words, not a 500
        parts, port_ok = urlsplit(""), False
    if not port_ok or not url.isascii() or parts.scheme not in ("http", "https") or not parts.hostname or len(url) > 500:
        raise BadWebhook("网址应以 http:// 或 https:// 开头，只含 ASCII 字符 / the URL must be http(s) and ASCII")
    return url


def check_scope(scope: str) -> str:
    scope = unicodedata.normalize("NFKC", scope).strip()
    kind, _, name = scope.partition(":")
    ok = {"hall": bool(name.strip()), "device": bool(name.strip()) and name.isascii(),  # device ids are ASCII
          "region": name.isdigit() and name.isascii() and 2 <= len(name) <= 12}.get(kind, False)
    if (scope == "*" or ok) and len(scope) <= 220:
        return scope
    raise BadWebhook("范围应为 device:<终端编号>、hall:<大厅名称>、region:<区划代码> 或 * / "
                     "scope: device:<id>, hall:<name>, region:<division code> or *")


def set_webhook(engine: Engine, scope: str, url: str, staff_id: str = "", secret: str = "",
                now: float | None = None) -> str:
    """Send the alerts of a scope's kiosks to `url`; returns the secret (made here when none is given)."""
    scope, url = check_scope(scope), canonical_url(url)
    secret = secret.strip() or secrets.token_hex(32)
    if not secret.isascii() or not 16 <= len(secret) <= 128:
        raise BadWebhook("密钥应为 16 至 128 个 ASCII 字符 / the secret must be 16 to 128 ASCII characters")
    with engine.begin() as conn:
        conn.execute(sa.delete(fleet_webhooks).where(fleet_webhooks.c.scope == scope))
        conn.execute(sa.insert(fleet_webhooks).values(scope=scope, url=url, secret=secret, staff_id=staff_id,
                                                      at=time.time() if now is None else now))
    return secret


def remove_webhook(engine: Engine, scope: str) -> bool:
    with engine.begin() as conn:
        return bool(conn.execute(sa.delete(fleet_webhooks).where(fleet_webhooks.c.scope == check_scope(scope)))
                    .rowcount)


def scopes_of(conn: Connection, device_id: str) -> list[str]:
    """The scopes that may hold this kiosk, most specific first."""
    hall = conn.execute(sa.select(devices.c.hall_name).where(devices.c.device_id == device_id)).scalar() or ""
    region = device_id.split("-", 1)[0]
    regions = [f"region:{region[:n]}" for n in range(len(region), 1, -1)] if region.isdigit() else []
    return [f"device:{device_id}", f"hall:{hall}", *regions, "*"]


def webhook_for(conn: Connection, device_id: str) -> str | None:
    """The scope of the webhook that gets this kiosk's alerts, or None."""
    order = scopes_of(conn, device_id)
    held = set(conn.execute(sa.select(fleet_webhooks.c.scope).where(fleet_webhooks.c.scope.in_(order))).scalars())
    return next((s for s in order if s in held), None)


def enqueue(conn: Connection, event_key: str, device_id: str, payload: dict[str, Any], now: float) -> str:
    """Queue one delivery to the kiosk's webhook in the caller's transaction; its scope, or "" when none."""
    scope = webhook_for(conn, device_id)
    if scope is None:
        return ""
    body = json.dumps({"delivery": event_key, **payload}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    inserted = leased.insert_ignore(conn, webhook_outbox, dict(
        event_key=event_key[:120], scope=scope, body=body, state="queued", attempts=0, next_at=now, created_at=now,
        last_error=""))
    return scope if inserted else ""


class Sender:
    """Delivers the webhook outbox; safe on every node at once."""

    def __init__(self, engine: Engine, *, clock: Any = time.time, owner: str | None = None,
                 session: requests.Session | None = None, timeout: float = TIMEOUT) -> None:
        self.engine, self.clock, self.timeout = engine, clock, timeout
        self.owner = owner or "w" + secrets.token_hex(6)
        self.session = session or requests.Session()

    def _post(self, url: str, secret: str, row: Any) -> str:
        """"" when the receiver took it, else why not."""
        body = row.body.encode("utf-8")
        headers = {"Content-Type": "application/json; charset=utf-8", HEADER: sign(secret, body, int(self.clock())),
                   DELIVERY_HEADER: row.event_key, "User-Agent": "servicenet-alerts/1"}
        try:
            resp = self.session.post(url, data=body, headers=headers, timeout=self.timeout, allow_redirects=False)
        except requests.RequestException as exc:
            return f"{type(exc).__name__}: 无法连接 / unreachable"
        return "" if 200 <= resp.status_code < 300 else f"HTTP {resp.status_code}"

    def _send_one(self, row: Any) -> bool:
        if row.lease_until is not None and self.clock() >= row.lease_until:
            return False  # posting the rows before it outlasted its lease: another node may hold it now
        with self.engine.connect() as conn:
            hook = conn.execute(sa.select(fleet_webhooks).where(fleet_webhooks.c.scope == row.scope)).first()
        if hook is None:
            leased.finish(self.engine, webhook_outbox, row.id, self.owner, state="dropped",
                          last_error="webhook removed")
            return False
        error = self._post(hook.url, hook.secret, row)
        attempts = row.attempts + 1
        if error:
            leased.finish(self.engine, webhook_outbox, row.id, self.owner, attempts=attempts,
                          state="dropped" if attempts >= MAX_ATTEMPTS else "queued",
                          next_at=self.clock() + leased.backoff(attempts), last_error=error[:300])
            return False
        leased.finish(self.engine, webhook_outbox, row.id, self.owner, state="sent", attempts=attempts,
                      sent_at=self.clock(), last_error="")
        return True

    def drain(self, limit: int = 20) -> int:
        """Deliver what is due now; the number delivered."""
        rows = leased.claim(self.engine, webhook_outbox, self.owner, self.clock(), LEASE_SECONDS, limit)
        return sum(self._send_one(row) for row in rows)


def host_only(url: str) -> str:
    """The URL without its path, query or user (a robot webhook's token lives there): what 监察 are shown."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}{f':{parts.port}' if parts.port else ''}/…"


def listing(engine: Engine) -> list[dict[str, Any]]:
    """Every webhook (without its secret) with its deliveries: how many wait, the last outcome."""
    with engine.connect() as conn:
        hooks = conn.execute(sa.select(fleet_webhooks).order_by(fleet_webhooks.c.scope)).all()
        out = []
        for h in hooks:
            waiting = conn.execute(sa.select(sa.func.count()).select_from(webhook_outbox).where(
                webhook_outbox.c.scope == h.scope, webhook_outbox.c.state == "queued")).scalar() or 0
            last = conn.execute(sa.select(webhook_outbox).where(webhook_outbox.c.scope == h.scope,
                                                                webhook_outbox.c.attempts > 0)
                                .order_by(sa.func.coalesce(webhook_outbox.c.sent_at, webhook_outbox.c.next_at).desc())
                                .limit(1)).first()
            out.append({"scope": h.scope, "url": h.url, "host_url": host_only(h.url), "staff_id": h.staff_id,
                        "waiting": int(waiting),
                        "last_state": last.state if last else "", "last_error": last.last_error if last else ""})
    return out


def deliveries(engine: Engine, state: str | None = None) -> list[dict[str, Any]]:
    """The outbox rows, oldest first (for the tests and the staff)."""
    q = sa.select(webhook_outbox).order_by(webhook_outbox.c.id)
    if state:
        q = q.where(webhook_outbox.c.state == state)
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(q)]
