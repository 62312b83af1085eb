"""The web channel (网上办事) served by servicenet: residents browse the catalogue, read a guide, log in, apply,
track by code, see their cases of every channel and rate. A web case takes a code of the kiosks' scheme with
device number 000 (servicenet/webchannel/regseq.py) and joins the same case space: the same status model,
status feed and lookup by person hash.

app.py includes `router(engine, person_key)` with one line.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import APIRouter, Request, Response
    from sqlalchemy.engine import Engine


def router(engine: "Engine", person_key: str) -> "APIRouter":
    """The residents' pages (imported on use: the CLI needs only the tables of this package)."""
    from servicenet.webchannel import materials, pages

    r = pages.router(engine, person_key)
    r.include_router(materials.router(engine, person_key))
    return r


def resident_only(request: "Request") -> "Response | None":
    """The web channel's upload endpoint is for logged-in residents: a 401 answer for anyone else."""
    from fastapi.responses import JSONResponse

    from servicenet.webchannel import login
    from servicenet.webchannel.session import RESIDENT_COOKIE

    if login.resident(request.app.state, request.cookies.get(RESIDENT_COOKIE)) is not None:
        return None
    return JSONResponse({"error": "login", "detail": "请先登录 / log in to upload materials"}, status_code=401)
