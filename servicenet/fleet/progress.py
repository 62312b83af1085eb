"""A release on its way to a kiosk, as each heartbeat reports it (`update`, sync/updater.py's update_state): the
version, how far the background download got, and what waits. The network only shows it (/admin/versions); the
rollout decides from app_version and rolled_back_from alone.

The field is read leniently: a malformed `update` is left out of the beat (logged, and named in the answer's
`ignored`), never a refused beat, since the beat also carries the kiosk's health and its rollback.
"""
from __future__ import annotations

import re
from typing import Any, Literal, Self

from pydantic import BaseModel, Field, ValidationError, model_validator

MAX_BYTES = 1 << 50  # far beyond any build; an int the database's JSON and every client read exactly

STATES = {"downloading": "下载中", "staged": "已下载，待空闲时切换", "switching": "已切换，待空闲时重启",
          "failed": "下载失败", "no_room": "下载失败：磁盘空间不足"}
REASONS = {"network": "网络中断", "disk_full": "下载时磁盘已满",
           "bad_bytes": "文件校验不符，已丢弃", "signature": "版本签名无效", "verify": "版本校验失败",
           "switch": "切换失败", "switch_no_room": "切换时磁盘空间不足", "error": "下载程序出错", "no_room": "磁盘空间不足"}


class UpdateIn(BaseModel):
    """The offered release's way to the kiosk (deploy/fetch.py's progress record, read by sync/updater.py)."""

    version: str = Field(min_length=1, max_length=40, description="the release offered")
    state: Literal["downloading", "staged", "switching", "failed", "no_room"] = Field(
        description="downloading; staged (fetched and verified, switched to at an idle moment); switching (being "
                    "switched to, then a restart at an idle moment); failed (see reason; tried again at the next "
                    "offer); no_room (the disk cannot hold it with room left for the kiosk's own data)")
    reason: str = Field("", pattern=r"^[a-z_]{0,32}$", description="why it failed: network, disk_full, bad_bytes, "
                        "signature, verify, switch, error; staged and `paused`: the network no longer offers it "
                        "(its rollout paused), so it is kept and not switched to")
    fetched_bytes: int = Field(0, ge=0, le=MAX_BYTES, description="bytes of the release fetched so far")
    total_bytes: int = Field(0, ge=0, le=MAX_BYTES, description="bytes of the release to fetch (0: not known yet)")

    @model_validator(mode="after")
    def _within_total(self) -> Self:
        if self.fetched_bytes > self.total_bytes:
            raise ValueError("fetched_bytes is more than total_bytes")
        return self


def split_update(data: Any) -> tuple[Any, str]:
    """The beat without a malformed `update` and why it was left out ("" when it was fine or absent)."""
    if not isinstance(data, dict) or data.get("update") is None:
        return data, ""
    try:
        UpdateIn.model_validate(data["update"])
    except ValidationError as exc:
        why = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'update'}: {e['msg']}" for e in exc.errors()[:3])
        return {k: v for k, v in data.items() if k != "update"}, why[:300]
    return data, ""


def _mb(count: int, total: int) -> str:
    mb = count / (1 << 20)
    return f"{mb:.1f}" if total < (10 << 20) else f"{mb:.0f}"


def words(update: dict[str, Any] | None) -> str:
    """The update state as the technician reads it, e.g. 下载中 45%（150/333 MB）; "" for none."""
    if not update:
        return ""
    state, reason = str(update.get("state", "")), str(update.get("reason") or "")
    fetched, total = int(update.get("fetched_bytes") or 0), int(update.get("total_bytes") or 0)
    amount = f"{_mb(fetched, total)}/{_mb(total, total)} MB" if total else ""
    if state == "downloading":
        return f"下载中 {fetched * 100 // total}%（{amount}）" if total else "下载中"
    if state == "failed":
        said = REASONS.get(reason, reason if re.fullmatch(r"[a-z_]+", reason) else "") or "原因不明"
        kept = f"（已下载 {amount}，将续传）" if reason == "network" and total else ""
        return f"下载失败：{said}{kept}"
    if state == "staged" and reason == "paused":
        return "已下载，发布已暂停，暂不切换"
    return STATES.get(state, state)
