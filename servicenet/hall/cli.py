"""`servicenet hall …`: set up a hall node (enroll, counters, booking rules) and read the halls' figures."""
from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

import requests
from sqlalchemy.engine import Engine

from domain.queue import QueueRefused
from domain.signing import EnrollmentRefused


def add_parsers(sub: Any, db_default: str) -> None:
    hall = sub.add_parser("hall", help="hall node: enroll, counters, booking rules; the network's hall figures")
    acts = hall.add_subparsers(dest="action", required=True)
    p = acts.add_parser("enroll", help="enroll this hall node on the network (like a kiosk)")
    p.add_argument("--upstream", required=True, help="the network's URL")
    p.add_argument("--code", required=True, help="a one-time code from `servicenet enrollment-code`")
    p.add_argument("--hall-name", required=True, help="the hall's name; its kiosks are enrolled with the same")
    p = acts.add_parser("counters", help="set the counters: e.g. 1=ABC 2=A 3=B")
    p.add_argument("spec", nargs="+")
    p = acts.add_parser("rules", help="the hall's appointment rules (sent up to the network)")
    p.add_argument("--weekdays", default="1-5", help="1=Monday … 7=Sunday, e.g. 1-5 or 1,3,5")
    p.add_argument("--hours", default="09:00-12:00,14:00-17:00")
    p.add_argument("--slot-minutes", type=int, default=30)
    p.add_argument("--counters", type=int, default=2, help="counters that take appointments")
    p.add_argument("--per-counter", type=int, default=1, help="residents per slot per counter")
    p.add_argument("--no-show-minutes", type=int, default=30, help="grace after the slot's start")
    p.add_argument("--no-show-limit", type=int, default=3, help="no-shows in 90 days that block booking")
    p.add_argument("--horizon-days", type=int, default=7, help="how far ahead one may book")
    p.add_argument("--no-calendar", action="store_true", help="open on holidays too (ignore the working-day "
                   "calendar)")
    acts.add_parser("sync", help="one uplink round now (push the outbox, pull appointments)")
    acts.add_parser("status", help="the hall node's identity and unsent outbox rows")
    acts.add_parser("figures", help="network: tickets, calls and waiting time per hall and business")
    for p in acts.choices.values():
        p.add_argument("--db", default=db_default, help=f"SQLAlchemy URL (default {db_default})")


def _weekdays(text: str) -> list[int]:
    out: list[int] = []
    for part in text.split(","):
        a, _, b = part.partition("-")
        out.extend(range(int(a), int(b or a) + 1))
    return sorted(set(out))


def run(engine: Engine, args: argparse.Namespace) -> int:
    from servicenet.hall import appointments, network, node, queue, uplink

    queue.seed_if_empty(engine)
    try:
        if args.action == "enroll":
            print(node.enroll_node(engine, args.upstream, args.code, args.hall_name))
        elif args.action == "counters":
            spec = {}
            for item in args.spec:
                number, _, prefixes = item.partition("=")
                spec[int(number)] = prefixes
            node.set_counters(engine, spec)
        elif args.action == "rules":
            rules = appointments.check_rules({
                "weekdays": _weekdays(args.weekdays), "hours": [h.split("-") for h in args.hours.split(",")],
                "slot_minutes": args.slot_minutes, "counters": args.counters, "per_counter": args.per_counter,
                "no_show_minutes": args.no_show_minutes, "no_show_limit": args.no_show_limit,
                "horizon_days": args.horizon_days, "calendar": not args.no_calendar})
            node.save_rules(engine, rules, time.time())
            print(json.dumps(rules, ensure_ascii=False))
        elif args.action == "sync":
            link = uplink.Uplink(engine, uplink.get_state(engine, "upstream"))
            try:
                link.mark_no_shows()
                print(f"pushed {link.push()}, pulled {link.pull()}")
            finally:
                link.close()
        elif args.action == "status":
            print(json.dumps({**node.state(engine), "unsent": uplink.pending(engine)}, ensure_ascii=False))
        elif args.action == "figures":
            for f in network.figures(engine):
                print(json.dumps(f, ensure_ascii=False))
    except (ValueError, QueueRefused, ConnectionError, uplink.NotEnrolled, EnrollmentRefused) as exc:
        print(f"servicenet: {exc}", file=sys.stderr)
        return 2
    except requests.RequestException as exc:  # `sync` with the network down or refusing (the hall works on)
        print(f"servicenet: 政务服务网暂时连不上或拒绝了请求（{type(exc).__name__}），请稍后再试；本大厅的取号叫号不受影响",
              file=sys.stderr)
        return 2
    return 0
