"""`servicenet office ...` (the back office at the command line) and `servicenet migrate` (Alembic).

    servicenet office accept CODE [--note 材料齐全]
    servicenet office supplement CODE --missing 居民户口簿原件 --missing 近期免冠照片 [--note ...]
    servicenet office received CODE                      the 补正 materials are in: the time limit runs again
    servicenet office complete CODE [--note 准予办理]      approve and finish (办结)
    servicenet office reject CODE --reason 不符合申请条件
    servicenet office overdue [--today 2026-12-31] [--soon 2]   电子监察: open cases past (or near) the deadline
    servicenet office kiosks                             every kiosk's health from its heartbeats
    servicenet office staff-token --staff-id S001 [--role window]   a bearer token for the API (servicenet staff)
    servicenet migrate                                   bring the database schema to the newest revision
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from typing import Any

from sqlalchemy.engine import Engine

from domain.status import LABELS_ZH, CaseStatus, IllegalTransition
from servicenet.backoffice.staff_cli import id_argument


def add_parsers(sub: Any, db_default: str) -> None:
    office = sub.add_parser("office", help="back office: accept, 补正, complete, reject, overdue, kiosks")
    acts = office.add_subparsers(dest="action", required=True)
    for name, text in (("accept", "受理"), ("start", "办理中"), ("complete", "审批通过并办结")):
        p = acts.add_parser(name, help=text)
        p.add_argument("code")
        p.add_argument("--note", default="")
    p = acts.add_parser("supplement", help="补正: the one-time list of missing materials")
    p.add_argument("code")
    p.add_argument("--missing", action="append", required=True, help="one missing item (repeat for each)")
    p.add_argument("--note", default="")
    p.add_argument("--staff-id", default="cli", type=id_argument)
    p = acts.add_parser("received", help="the 补正 materials were handed in")
    p.add_argument("code")
    p = acts.add_parser("reject", help="不予受理/不予许可 with a reason")
    p.add_argument("code")
    p.add_argument("--reason", required=True)
    p = acts.add_parser("overdue", help="电子监察: open cases past their deadline, one per line")
    p.add_argument("--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD (default: today)")
    p.add_argument("--soon", type=int, default=0, help="also list cases due within N days")
    acts.add_parser("kiosks", help="each kiosk's health from its last heartbeat, worst first")
    p = acts.add_parser("staff-token", help="a bearer token for a staff account (printed once); with --role, "
                        "an API-only account is made first when there is none (see `servicenet staff`)")
    p.add_argument("--staff-id", required=True, type=id_argument)
    p.add_argument("--name", default="")
    p.add_argument("--role", action="append", default=[], help="window|handler|admin|supervisor|complaints")
    p.add_argument("--department", action="append", default=[], help="事项办理: a department ('*' = all)")
    for p in acts.choices.values():
        p.add_argument("--db", default=db_default, help=f"SQLAlchemy URL (default {db_default})")
    mig = sub.add_parser("migrate", help="upgrade the database schema to the newest revision (Alembic)")
    mig.add_argument("--db", default=db_default, help=f"SQLAlchemy URL (default {db_default})")


def _show(view: dict[str, Any]) -> str:
    line = f"{view['code']}\t{view['status']}\t{LABELS_ZH[CaseStatus(view['status'])]}\tdeadline {view['deadline']}"
    if view.get("supplement"):
        line += "\t补正: " + "、".join(view["supplement"]["missing"])
    return line


def run_office(engine: Engine, args: argparse.Namespace) -> int:
    from servicenet import heartbeat, store
    from servicenet.backoffice import accounts, auth, cases

    a = args.action
    try:
        if a == "overdue":
            for v in cases.overdue(engine, args.today, args.soon):
                print("\t".join([v["code"], v["status"], v["deadline"], str(v["days_left"]), v["channel"],
                                 v["device_id"] or "-", v["service_name"] or ""]))
            return 0
        if a == "kiosks":
            for k in heartbeat.fleet(engine, time.time()):
                print("\t".join([k["device_id"], k["level"], str(k["queue_depth"]), k["last_sync"] or "-",
                                 "；".join(k["problems"])]))
            return 0
        if a == "staff-token":
            if args.role and accounts.get(engine, args.staff_id) is None:
                accounts.add(engine, args.staff_id, args.name, args.role, args.department, None)
            print(auth.issue_token(engine, args.staff_id))
            return 0
        calls = {"accept": lambda: cases.accept(engine, args.code, args.note),
                 "start": lambda: cases.start(engine, args.code, args.note),
                 "complete": lambda: cases.complete(engine, args.code, args.note),
                 "supplement": lambda: cases.request_supplement(engine, args.code, args.missing, args.note,
                                                                     args.staff_id),
                 "received": lambda: cases.supplement_received(engine, args.code),
                 "reject": lambda: cases.reject(engine, args.code, args.reason)}
        print(_show(calls[a]()))
    except store.CaseNotFound:
        print(f"servicenet: 未找到该办件 / no case with code {args.code}", file=sys.stderr)
        return 1
    except (IllegalTransition, ValueError) as exc:
        print(f"servicenet: {exc}", file=sys.stderr)
        return 1
    return 0


def run_migrate(url: str) -> int:
    from servicenet import migrations

    before, after = migrations.upgrade(url)
    print(json.dumps({"from": before, "to": after}))
    return 0
