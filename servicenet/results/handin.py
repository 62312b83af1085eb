"""补正 handed in at a kiosk: the photographed materials join the case as attachment slots (uploaded apart by
their sha256, sealed like the case's own), and the open 补正 request is marked received, so the time limit runs
again from the moment they arrive. A repeat of the same hand-in (a lost answer) changes nothing."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from servicenet import store
from servicenet.backoffice.view import case_supplements
from servicenet.db import case_attachments, cases


class NothingAsked(ValueError):
    """There is no open 补正 request on the case (and this hand-in was not seen before)."""


PREFIX = "补正"  # a handed-in slot's name starts with it; the kiosk names them (the name is in the seal's aad)


def hand_in(engine: Engine, code: str, refs: list[dict[str, Any]], now_iso: str) -> dict[str, Any]:
    """refs: [{slot, sha256, size, media_type}], slots named 补正…. Returns the case view."""
    if not refs or any(not str(r["slot"]).startswith(PREFIX) for r in refs):
        raise NothingAsked(f"补正材料的栏位名须以“{PREFIX}”开头 / hand-in slots start with {PREFIX}")
    with engine.begin() as conn:
        if conn.execute(sa.select(cases.c.code).where(cases.c.code == code)).first() is None:
            raise store.CaseNotFound(code)
        asked = conn.execute(sa.select(case_supplements.c.id).where(
            case_supplements.c.code == code, case_supplements.c.resolved_at.is_(None)).with_for_update()).first()
        held = {r.sha256 for r in conn.execute(sa.select(case_attachments.c.sha256).where(
            case_attachments.c.code == code, case_attachments.c.slot.like("补正%")))}
        repeat = asked is None and bool(refs) and all(r["sha256"] in held for r in refs)
        if asked is None and not repeat:
            raise NothingAsked("该办件没有待补正的材料 / no open 补正 request on this case")
        if asked is not None:
            for ref in refs:
                conn.execute(sa.insert(case_attachments).values(
                    code=code, slot=ref["slot"], sha256=ref["sha256"], size=int(ref["size"]),
                    media_type=ref["media_type"]))
            conn.execute(sa.update(case_supplements).where(case_supplements.c.id == asked.id)
                         .values(resolved_at=now_iso, resolution="received"))
    return store.case_view(engine, code)
