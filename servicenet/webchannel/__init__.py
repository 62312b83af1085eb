"""The web channel (网上办事) served by servicenet: residents browse the catalogue, read a guide, log in, apply,
track by code, see their cases of every channel and rate. A web case takes a code of the kiosks' scheme with
device number 000 (servicenet/webchannel/regseq.py) and joins the same case space: the same status model,
status feed and lookup by person hash.

app.py includes `router(engine, person_key)` with one line.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import APIRouter
    from sqlalchemy.engine import Engine


def router(engine: "Engine", person_key: str) -> "APIRouter":
    """The residents' pages (imported on use: the CLI needs only the tables of this package)."""
    from servicenet.webchannel import pages

    return pages.router(engine, person_key)
