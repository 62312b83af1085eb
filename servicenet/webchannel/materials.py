"""Material uploads on the web channel: the browser sends each file with tus (tus-js-client, served from
static/ with its license, no CDN) to /web/uploads (servicenet/tus.py), named by its sha256, and the form
carries what was uploaded; here the network checks that list before it becomes the case's attachments."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response
from sqlalchemy.engine import Engine

from servicenet import attachments

STATIC = Path(__file__).with_name("static")
FILES = {"tus.min.js": "text/javascript; charset=utf-8", "materials.js": "text/javascript; charset=utf-8",
         "tus-js-client.LICENSE": "text/plain; charset=utf-8"}
MAX_FILES = 20


class MaterialsRefused(ValueError):
    """The uploaded materials listed with a form are not acceptable; the message says why, in Chinese."""


def router() -> APIRouter:
    r = APIRouter(include_in_schema=False)

    @r.get("/web/static/{name}")
    def static(name: str) -> Response:
        if name not in FILES:
            raise HTTPException(404, "未找到该文件")
        return Response((STATIC / name).read_bytes(), media_type=FILES[name],
                        headers={"Cache-Control": "public, max-age=3600"})

    return r


def chosen(engine: Engine, item: dict[str, Any], raw: str) -> list[dict[str, Any]]:
    """The attachments of a web form: [{"slot", "sha256", "size", "media_type"}], each slot one of the item's
    materials, each upload filled on the network. An empty field is no materials."""
    if not raw.strip():
        return []
    try:
        listed = json.loads(raw)
    except ValueError:
        raise MaterialsRefused("材料清单有误，请重新选择文件") from None
    if not isinstance(listed, list) or len(listed) > MAX_FILES:
        raise MaterialsRefused("材料清单有误，请重新选择文件")
    names = {str(m.get("name")) for m in item.get("materials", []) if isinstance(m, dict)}
    out: list[dict[str, Any]] = []
    for entry in listed:
        if not isinstance(entry, dict):
            raise MaterialsRefused("材料清单有误，请重新选择文件")
        slot, sha = str(entry.get("slot", "")), str(entry.get("sha256", "")).lower()
        if slot not in names or not attachments.valid_sha(sha):
            raise MaterialsRefused("材料清单有误，请重新选择文件")
        held = attachments.slot(engine, sha)
        if held is None or not held.complete:
            raise MaterialsRefused(f"“{slot}”尚未上传完成，请稍候或重新选择文件")
        media = str(entry.get("media_type") or "application/octet-stream")[:100]
        out.append({"slot": slot, "sha256": sha, "size": held.length, "media_type": media})
    if len({a["slot"] for a in out}) != len(out):
        raise MaterialsRefused("每项材料只能上传一个文件")
    return out
