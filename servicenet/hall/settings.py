"""The hall's settings page (/hall/settings, 大厅设置): the booking rules and the counters, set by a staff member with
the 管理员 role on the hall node's own page instead of only from the command line (`servicenet hall rules`,
`servicenet hall counters`). The same checks apply (appointments.check_rules, domain.queue.canonical_prefix);
saved rules go up to the network through the uplink's outbox, as the command line's do.
"""
from __future__ import annotations

import time
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.engine import Engine

from domain.queue import QueueRefused
from servicenet.backoffice.roles import Role, Staff
from servicenet.hall import appointments, node
from servicenet.hall.pages import render, signed_in

WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
DEFAULT_RULES: dict[str, Any] = {"weekdays": [1, 2, 3, 4, 5], "hours": [["09:00", "12:00"], ["14:00", "17:00"]],
                                 "slot_minutes": 30, "counters": 2, "per_counter": 1, "no_show_minutes": 30,
                                 "no_show_limit": 3, "horizon_days": 7, "calendar": True}
MAX_COUNTER = 99


def rules_from_form(data: Any) -> dict[str, Any]:
    """The rules as the form gives them (checked by appointments.check_rules: ValueError in Chinese)."""
    typed = appointments.nfkc(data.get("hours", "")).replace("，", ",")
    spans = [part.split("-", 1) for part in typed.split(",") if part.strip()]
    return appointments.check_rules({
        "weekdays": data.getlist("weekdays"), "hours": [s if len(s) == 2 else [s[0], ""] for s in spans],
        "calendar": data.get("calendar") == "1",
        **{name: data.get(name, "") for name in appointments.RULE_LIMITS}})


def counters_from_form(text: str) -> dict[int, str]:
    """Lines of "number=prefixes" (1=AB), NFKC; ValueError / QueueRefused in Chinese."""
    out: dict[int, str] = {}
    for line in appointments.nfkc(text).splitlines():
        if not line.strip():
            continue
        number, sep, prefixes = line.partition("=")
        if not sep or not number.strip().isdigit() or not 1 <= int(number) <= MAX_COUNTER:
            raise ValueError(f"“{line.strip()}”须写成 窗口号=业务代号，如 1=AB（窗口号 1–{MAX_COUNTER}）")
        if int(number) in out:
            raise ValueError(f"{int(number)} 号窗口写了两次")
        letters = prefixes.replace(" ", "").replace(",", "")
        if not letters:
            raise ValueError(f"{int(number)} 号窗口没有写业务代号")
        out[int(number)] = letters
    if not out:
        raise ValueError("请至少设置一个窗口，如 1=AB")
    return out


def router(engine: Engine, hall_name: str) -> APIRouter:
    r = APIRouter(include_in_schema=False)

    def values(rules: dict[str, Any] | None = None) -> dict[str, Any]:
        """What the form shows: the hall's rules (or the defaults) and counters."""
        rules = rules or node.rules(engine) or DEFAULT_RULES
        return {"weekdays": [int(d) for d in rules["weekdays"]], "calendar": bool(rules.get("calendar", True)),
                "hours": ",".join(f"{a}-{b}" for a, b in rules["hours"]),
                "counter_lines": "\n".join(f"{n}={p}" for n, p in node.counters(engine).items()),
                **{name: str(rules[name]) for name in appointments.RULE_LIMITS}}

    def show(me: Staff, status: int = 200, *, error: str = "", done: str = "",
             shown: dict[str, Any] | None = None) -> Response:
        return render("hall_settings.html", status, hall_name=hall_name, me=me, error=error, done=done,
                      v=shown or values(), weekdays=WEEKDAYS, limits=appointments.RULE_LIMITS,
                      saved=node.rules(engine) is not None)

    def typed(data: Any) -> dict[str, Any]:
        """The form as it was sent, to show again with the refusal (nothing she typed is lost)."""
        shown = values()
        days = [appointments.nfkc(d) for d in data.getlist("weekdays")]
        shown.update({k: str(data.get(k, ""))[:2000] for k in ("hours", "counter_lines", *appointments.RULE_LIMITS)
                      if k in data})
        if data.get("save") == "rules":
            shown.update(weekdays=[int(d) for d in days if d.isascii() and d.isdigit()],
                         calendar=data.get("calendar") == "1")
        return shown

    @r.get("/hall/settings", response_model=None)
    async def settings_page(request: Request, done: str = "") -> Response:
        me = await run_in_threadpool(signed_in, engine, request, Role.ADMIN)
        if me is None:
            return RedirectResponse("/hall/login?next=/hall/settings", status_code=303)
        said = {"rules": "预约规则已保存，并已排队上报政务服务网。", "counters": "窗口设置已保存。"}
        return await run_in_threadpool(lambda: show(me, done=said.get(done, "")))

    @r.post("/hall/settings", response_model=None)
    async def settings_save(request: Request) -> Response:
        me = await run_in_threadpool(signed_in, engine, request, Role.ADMIN)
        if me is None:
            return RedirectResponse("/hall/login?next=/hall/settings", status_code=303)
        data = await request.form()
        what = str(data.get("save", ""))
        try:
            if what == "rules":
                rules = rules_from_form(data)
                await run_in_threadpool(node.save_rules, engine, rules, time.time())
            elif what == "counters":
                spec = counters_from_form(str(data.get("counter_lines", ""))[:2000])
                await run_in_threadpool(node.set_counters, engine, spec)
            else:
                raise ValueError("请选择要保存的内容")
        except (ValueError, QueueRefused) as exc:
            error = str(exc)
            return await run_in_threadpool(lambda: show(me, 400, error=error, shown=typed(data)))
        return RedirectResponse(f"/hall/settings?done={quote(what)}", status_code=303)

    return r
