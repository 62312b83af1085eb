"""差评整改: a low rating (不满意, 非常不满意) opens a follow-up item for 投诉受理; the clerk's reply is shown to the
applicant on the track page. One item per case (a case has one rating)."""
from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from servicenet.columns import case_ref, iso_time, table

LOW = 2  # levels 1 and 2
MAX_REPLY = 1000

complaints = table(
    "complaints",
    case_ref(primary_key=True),
    sa.Column("level", sa.Integer, nullable=False),
    sa.Column("reasons", sa.Text, nullable=False),  # JSON list, as rated
    iso_time("opened_at"),
    sa.Column("reply", sa.Text, nullable=True),
    sa.Column("replied_by", sa.String(64), nullable=True),
    iso_time("replied_at", nullable=True),
)


class ReplyRefused(ValueError):
    """A reply the rules refuse (blank, too long, no such item)."""


def on_rating(conn: Connection, code: str, level: int, reasons: list[str], at: str) -> bool:
    """Inside the rating's transaction: open the follow-up item of a low rating; True when one was opened."""
    if level > LOW:
        return False
    conn.execute(sa.insert(complaints).values(code=code, level=level, reasons=json.dumps(reasons, ensure_ascii=False),
                                              opened_at=at))
    return True


def _view(r: Any) -> dict[str, Any]:
    return {"code": r.code, "level": r.level, "reasons": json.loads(r.reasons), "opened_at": r.opened_at,
            "reply": r.reply, "replied_by": r.replied_by, "replied_at": r.replied_at}


def listing(engine: Engine, open_only: bool = False, limit: int = 200) -> list[dict[str, Any]]:
    """Follow-up items, the open ones first, oldest first among them."""
    q = sa.select(complaints)
    if open_only:
        q = q.where(complaints.c.reply.is_(None))
    q = q.order_by(complaints.c.reply.is_not(None), complaints.c.opened_at).limit(limit)
    with engine.connect() as conn:
        return [_view(r) for r in conn.execute(q).all()]


def of(engine: Engine, code: str) -> dict[str, Any] | None:
    with engine.connect() as conn:
        r = conn.execute(sa.select(complaints).where(complaints.c.code == code)).first()
    return _view(r) if r else None


def reply(engine: Engine, code: str, text: str, staff_id: str, now: str) -> dict[str, Any]:
    text = text.strip()
    if not text or len(text) > MAX_REPLY:
        raise ReplyRefused(f"请填写答复（{MAX_REPLY}字以内） / a reply of 1 to {MAX_REPLY} characters")
    with engine.begin() as conn:  # the first reply stands: a second clerk's form, shown before it, replaces nothing
        done = conn.execute(sa.update(complaints).where(complaints.c.code == code, complaints.c.reply.is_(None))
                            .values(reply=text, replied_by=staff_id, replied_at=now))
    if done.rowcount == 0:
        held = of(engine, code)
        if held is not None:
            raise ReplyRefused(f"该差评已由 {held['replied_by']} 答复，您的答复未发送，请查看已有答复 / answered already")
        raise ReplyRefused("该办件没有差评待处理 / no follow-up item for this case")
    found = of(engine, code)
    assert found is not None
    return found
