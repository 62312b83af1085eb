"""A hall node: servicenet in the hall role (`servicenet serve --role hall --upstream URL`) on the hall's LAN.

It owns the hall's queue on its own database (servicenet/hall/queue.py), serves the kiosks' signed queue API,
the display and the counter pages, and keeps an uplink to the provincial network (servicenet/hall/uplink.py).
It first enrolls on the network like a kiosk (`servicenet hall enroll`), which gives it a device key and
names its hall; the hall's kiosks are those enrolled with the same hall name, and the node mirrors their
public keys so it checks their signatures itself, with the uplink down too.
"""
from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.engine import Engine

from domain.signing import DeviceKey, enroll
from servicenet.hall import api, pages, queue, settings
from servicenet.hall.tables import hall_state
from servicenet.hall.uplink import Uplink, get_state, set_state

DEFAULT_HALL_NAME = "政务服务大厅"


def mount(app: FastAPI, engine: Engine, upstream: str | None) -> None:
    """The hall's routes on `app`; with an upstream, the uplink starts with the app (app.state.uplink)."""
    queue.seed_if_empty(engine)
    hall_name = get_state(engine, "hall_name") or DEFAULT_HALL_NAME
    app.state.hall_name = hall_name
    app.include_router(api.router(engine, hall_name))
    app.include_router(pages.router(engine, hall_name))
    app.include_router(settings.router(engine, hall_name))
    if upstream:
        app.state.uplink = Uplink(engine, upstream)


def enroll_node(engine: Engine, upstream: str, code: str, hall_name: str) -> str:
    """Enroll this hall node on the network with a one-time code; keep its key and identity; its device id."""
    key = DeviceKey.generate()
    done = enroll(upstream, code, key, hall_name=hall_name)
    with engine.begin() as conn:
        for name, value in (("device_key", key.to_pem().decode("ascii")), ("device_id", done.device_id),
                            ("hall_name", hall_name), ("upstream", upstream), ("person_key", done.person_key)):
            set_state(conn, name, value)
    return done.device_id


def set_counters(engine: Engine, counters: dict[int, str]) -> None:
    """Replace the hall's counters: number → the business prefixes it calls."""
    from domain.queue import canonical_prefix
    from servicenet.hall.tables import queue_counters

    clean = {n: "".join(canonical_prefix(p) for p in prefixes) for n, prefixes in counters.items()}
    with engine.begin() as conn:
        conn.execute(sa.delete(queue_counters))
        conn.execute(sa.insert(queue_counters), [{"number": n, "prefixes": p, "is_open": True}
                                                 for n, p in sorted(clean.items())])


def save_rules(engine: Engine, rules: dict[str, Any], now: float) -> None:
    """Keep checked rules (appointments.check_rules) as this hall's and queue them up to the network, which books
    on the web by them."""
    with engine.begin() as conn:
        set_state(conn, "rules", json.dumps(rules, ensure_ascii=False))
        queue.enqueue(conn, f"rules:{now:.6f}", "rules", {"rules": rules, "at": now}, now)


def rules(engine: Engine) -> dict[str, Any] | None:
    """This hall's booking rules: as set here, or as last pulled from the network."""
    found = json.loads(get_state(engine, "rules", "null") or "null")
    return found if isinstance(found, dict) else None


def counters(engine: Engine) -> dict[int, str]:
    """The hall's counters: number → the business prefixes it calls."""
    from servicenet.hall.tables import queue_counters

    with engine.connect() as conn:
        return {r.number: r.prefixes for r in conn.execute(sa.select(queue_counters).order_by(queue_counters.c.number))}


def state(engine: Engine) -> dict[str, str]:
    with engine.connect() as conn:
        return {r.name: r.value for r in conn.execute(sa.select(hall_state)).all() if r.name != "device_key"}
