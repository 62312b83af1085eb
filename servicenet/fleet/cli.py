"""`servicenet fleet …`: who is told of a kiosk's alerts, and the alerts themselves."""
from __future__ import annotations

import argparse
import sys
from typing import Any

from sqlalchemy.engine import Engine

from servicenet.backoffice.staff_cli import id_argument


def add_parsers(sub: Any, db_default: str) -> list[argparse.ArgumentParser]:
    fleet = sub.add_parser("fleet", help="kiosk fleet: technicians and webhooks to alert, the alerts")
    acts = fleet.add_subparsers(dest="action", required=True)
    p = acts.add_parser("technician", help="the technician (SMS) of a kiosk, a hall or every kiosk")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--device", help="a kiosk's device id, e.g. 440105-001")
    where.add_argument("--hall", help="a hall's name: its kiosks")
    where.add_argument("--all", action="store_true", help="every kiosk without a more specific technician")
    p.add_argument("--phone", required=True)
    p.add_argument("--name", default="")
    p = acts.add_parser("webhook", help="a webhook for the alerts of a kiosk, a hall, a region or every kiosk")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--device", help="a kiosk's device id, e.g. 440105-001")
    where.add_argument("--hall", help="a hall's name: its kiosks")
    where.add_argument("--region", help="a division code, e.g. 440105: the kiosks whose id starts with it")
    where.add_argument("--all", action="store_true", help="every kiosk without a more specific webhook")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--url", help="where to POST the alerts (http or https)")
    what.add_argument("--remove", action="store_true", help="stop sending this scope's alerts to a webhook")
    p.add_argument("--secret-stdin", action="store_true",
                   help="read the HMAC secret from standard input (default: make one and print it once)")
    p = acts.add_parser("alerts", help="the alerts, open ones first, one per line")
    p.add_argument("--open", action="store_true", help="only the open ones")
    p = acts.add_parser("publish", help="publish a signed build folder (deploy/update.py sign) with its files")
    p.add_argument("build", help="the build folder: BUILD-MANIFEST.json, BUILD-MANIFEST.sig and the files")
    p.add_argument("--release-key", default=None,
                   help="the update public key kiosks trust (PEM; default $SERVICENET_RELEASE_KEY)")
    p.add_argument("--staff-id", default="cli", type=id_argument, help="who publishes (kept with the release)")
    p = acts.add_parser("rollout", help="start the staged rollout of a published release at a canary kiosk")
    p.add_argument("version")
    p.add_argument("--canary", required=True, help="the canary kiosk's device id")
    p = acts.add_parser("prune", help="remove the releases no kiosk or rollout can need, and their files")
    p.add_argument("--dry-run", action="store_true", help="only list what is kept (and why) and what would go")
    p.add_argument("--staff-id", default="cli", type=id_argument, help="who prunes (in the audit chain)")
    for p in acts.choices.values():
        p.add_argument("--db", default=db_default, help=f"SQLAlchemy URL (default {db_default})")
    return list(acts.choices.values())


def _scope(args: argparse.Namespace) -> str:
    for kind in ("device", "hall", "region"):
        if getattr(args, kind, None):
            return f"{kind}:{getattr(args, kind).strip()}"
    return "*"


def _webhook(engine: Engine, args: argparse.Namespace) -> int:
    from servicenet.fleet import webhooks

    scope = _scope(args)
    try:
        if args.remove:
            if not webhooks.remove_webhook(engine, scope):
                print(f"servicenet: no webhook for {scope}", file=sys.stderr)
                return 1
            print(f"{scope}\tremoved")
            return 0
        secret = webhooks.set_webhook(engine, scope, args.url, "cli",
                                      sys.stdin.readline().strip() if args.secret_stdin else "")
    except webhooks.BadWebhook as exc:
        print(f"servicenet: {exc}", file=sys.stderr)
        return 2
    print(f"{scope}\t{webhooks.canonical_url(args.url)}\t{'(given)' if args.secret_stdin else secret}")
    return 0


def run(engine: Engine, args: argparse.Namespace) -> int:
    from servicenet.fleet import alerts
    from servicenet.sms.outbox import BadPhone

    if args.action == "webhook":
        return _webhook(engine, args)
    if args.action == "technician":
        scope = f"device:{args.device.strip()}" if args.device else f"hall:{args.hall.strip()}" if args.hall else "*"
        try:
            phone = alerts.set_technician(engine, scope, args.phone, args.name)
        except (BadPhone, ValueError) as exc:
            print(f"servicenet: {exc}", file=sys.stderr)
            return 2
        print(f"{scope}\t{phone}")
        return 0
    if args.action in ("publish", "rollout"):
        return _release(engine, args)
    if args.action == "prune":
        return _prune(engine, args)
    for a in alerts.listing(engine, args.open):
        print("\t".join([str(a["id"]), a["device_id"], a["condition"], "open" if a["open"] else "resolved",
                         a["raised_at"] or "", a["text"]]))
    return 0


def _release(engine: Engine, args: argparse.Namespace) -> int:
    import os
    import time
    from pathlib import Path

    from servicenet.fleet import files, rollout

    try:
        if args.action == "publish":
            key_path = args.release_key or os.environ.get("SERVICENET_RELEASE_KEY", "")
            if not key_path:
                raise rollout.RolloutRefused("no release key: --release-key or $SERVICENET_RELEASE_KEY")
            version = files.publish_build(engine, Path(args.build), Path(key_path).read_bytes(), args.staff_id,
                                          time.time())
            print(f"published {version}")
        else:
            if files.missing(engine, args.version):
                raise rollout.RolloutRefused(f"版本 {args.version} 的文件不全 / the network lacks its files")
            print(f"rollout {rollout.start(engine, args.version, args.canary.strip(), time.time())}")
    except (rollout.RolloutRefused, OSError) as exc:
        print(f"servicenet: {exc}", file=sys.stderr)
        return 2
    return 0


def _prune(engine: Engine, args: argparse.Namespace) -> int:
    import time

    from servicenet.fleet import retention

    if args.dry_run:
        found = retention.plan(engine, time.time())
        for version, why in found["kept"].items():
            print(f"{version}\tkept\t{','.join(why)}")
        for version in found["removable"]:
            print(f"{version}\twould be removed")
        return 0
    done = retention.prune(engine, args.staff_id, time.time())
    for version in done["removed"]:
        print(f"{version}\tremoved")
    print(f"{len(done['removed'])} releases removed, {done['files']} files, {done['bytes']} bytes")
    return 0
