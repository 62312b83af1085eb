"""好差评 as the network holds them: one per case, shown the same way in a case view and in the answer to a
second rating (servicenet/events.py: already_rated names the rating that stands)."""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from servicenet.db import ratings


def ratings_of(conn: Connection, codes: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The rating each of these cases holds ({level, reasons, at}); a case not rated is left out."""
    return {r.code: {"level": r.level, "reasons": json.loads(r.reasons), "at": r.at}
            for r in conn.execute(sa.select(ratings).where(ratings.c.code.in_(list(codes)))).all()}
