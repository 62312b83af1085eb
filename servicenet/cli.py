"""`servicenet` command line: serve the API, and the staff side (advance a case, list cases, edit the catalogue)."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from domain.status import LABELS_ZH, CaseStatus, IllegalTransition

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

DEFAULT_DB = os.environ.get("SERVICENET_DB", "sqlite:///servicenet.db")


def _status(text: str) -> CaseStatus:
    """Accept the wire value (accepted) or the Chinese label (受理)."""
    for s in CaseStatus:
        if text in (s.value, LABELS_ZH[s]):
            return s
    choices = ", ".join(f"{s.value}/{LABELS_ZH[s]}" for s in CaseStatus)
    raise argparse.ArgumentTypeError(f"unknown status {text!r}; one of: {choices}")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="servicenet", description="Reference online service network (政务服务网).")
    sub = p.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the HTTP API (uvicorn)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8600)
    serve.add_argument("--log-level", default="warning")
    serve.add_argument("--person-key", default=None,
                       help="key of the person lookup hash (default $SERVICENET_PERSON_KEY, else a dev key)")
    adv = sub.add_parser("advance", help="staff: move a case to a new status")
    adv.add_argument("code")
    adv.add_argument("status", type=_status,
                     help="accepted|in_progress|completed|rejected or 受理|办理中|办结|不予受理")
    adv.add_argument("--note", default="", help="the note the applicant reads; 不予受理 needs it (the reason)")
    sub.add_parser("cases", help="list cases, one per line")
    retire = sub.add_parser("retire", help="delete a service from the catalogue (kiosks get a deletion)")
    retire.add_argument("service_code")
    imp = sub.add_parser("import-catalogue", help="add or update services from a catalogue JSON file")
    imp.add_argument("file", type=Path)
    serve.add_argument("--max-skew", type=float, default=None,
                       help="seconds a signed request's time may differ from ours (default 300)")
    serve.add_argument("--seal-key-file", default=None, help="the network's X25519 private key (base64); "
                       "default: made once and kept in the database")
    serve.add_argument("--ssl-certfile", default=None, help="serve HTTPS with this certificate (PEM)")
    serve.add_argument("--ssl-keyfile", default=None, help="the certificate's private key (PEM)")
    code = sub.add_parser("enrollment-code", help="technician: a one-time code to enroll a new kiosk")
    code.add_argument("--region", default="440105", help="6-digit region code of the kiosk (default 440105)")
    code.add_argument("--ttl", type=float, default=600.0, help="seconds the code stays valid (default 600)")
    revoke = sub.add_parser("revoke-device", help="refuse every further request of a kiosk")
    revoke.add_argument("device_id", help="e.g. 440105-001")
    sub.add_parser("devices", help="list enrolled kiosks, one per line")
    verify = sub.add_parser("audit-verify", help="check the hash chain of kiosks' audit logs (电子监察)")
    verify.add_argument("--device", default=None, help="one device (default: every device with an audit log)")
    opencase = sub.add_parser("open-case", help="back office: print a case with its sealed personal data opened")
    opencase.add_argument("code")
    days = sub.add_parser("workdays", help="the working-day calendar of a year: its source, days off, 调休 workdays")
    days.add_argument("--year", type=int, default=None, help="default: this year")
    extra = (code, revoke, sub.choices["devices"], verify, opencase)
    for sp in (serve, adv, sub.choices["cases"], retire, imp, *extra):
        sp.add_argument("--db", default=DEFAULT_DB, help=f"SQLAlchemy URL (default {DEFAULT_DB})")
    # back office, Alembic and several workers (issue 8): servicenet/backoffice/cli.py
    serve.add_argument("--workers", type=int, default=1, help="uvicorn worker processes (default 1)")
    serve.add_argument("--max-inflight", type=int, default=None,
                       help="kiosk sync reads (status feed, catalogue, heartbeat, uploads) one worker serves at "
                            "once, at most, before answering 429 (default 64)")
    serve.add_argument("--max-batches", type=int, default=None,
                       help="batch uploads one worker serves at once, at most (default 1: a batch is CPU-bound Python; "
                            "more workers take more at once)")
    serve.add_argument("--keep-alive", type=int, default=75,
                       help="seconds an idle HTTP connection stays open (default 75: longer than the balancer "
                            "keeps one, so the balancer closes first and never sends on a connection we closed)")
    serve.add_argument("--latency-budget-ms", type=int, default=None,
                       help="time an admitted API request may take in a worker, its wait included; the worker "
                            "lowers its in-flight limit and sheds (429) to keep it (default 100)")
    serve.add_argument("--role", choices=("network", "hall"), default="network",
                       help="network (default) or hall: a hall node with the queue, on the hall's LAN")
    serve.add_argument("--upstream", default=None, help="hall role: the network's URL (the uplink)")
    from servicenet.backoffice import cli as office_cli

    office_cli.add_parsers(sub, DEFAULT_DB)
    from servicenet.hall import cli as hall_cli

    hall_cli.add_parsers(sub, DEFAULT_DB)
    from servicenet.backoffice import staff_cli

    staff_cli.add_parser(sub, DEFAULT_DB)
    from servicenet.fleet import cli as fleet_cli

    fleet_cli.add_parsers(sub, DEFAULT_DB)
    return p


def app_from_env() -> object:
    """The app of one uvicorn worker when serving with --workers N (its settings come from the environment)."""
    from servicenet.app import create_app

    return create_app(os.environ["SERVICENET_DB"])


def _serve_workers(args: argparse.Namespace) -> int:
    """Prepare the database once, then let uvicorn start args.workers processes of app_from_env."""
    import uvicorn

    from servicenet import db, keys, seed

    os.environ["SERVICENET_DB"] = args.db
    for name, value in (("SERVICENET_PERSON_KEY", args.person_key), ("SERVICENET_MAX_SKEW", args.max_skew),
                        ("SERVICENET_SEAL_KEY_FILE", args.seal_key_file)):
        if value is not None:
            os.environ[name] = str(value)
    engine = db.make_engine(args.db)
    try:
        db.create_all(engine)
        seed.seed_if_empty(engine)
        keys.load_or_create(engine, args.seal_key_file)
    finally:
        engine.dispose()
    uvicorn.run("servicenet.cli:app_from_env", factory=True, workers=args.workers, host=args.host, port=args.port,
                log_level=args.log_level, ssl_certfile=args.ssl_certfile, ssl_keyfile=args.ssl_keyfile,
                timeout_keep_alive=args.keep_alive)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `servicenet` console script and `python -m servicenet`."""
    args = _parser().parse_args(argv)
    if args.command == "serve" and args.max_inflight is not None:
        os.environ["SERVICENET_MAX_INFLIGHT"] = str(args.max_inflight)
    if args.command == "serve" and args.max_batches is not None:
        os.environ["SERVICENET_MAX_BATCHES"] = str(args.max_batches)
    if args.command == "serve" and args.latency_budget_ms is not None:
        os.environ["SERVICENET_LATENCY_BUDGET_MS"] = str(args.latency_budget_ms)
    if args.command == "serve" and args.role == "hall" and args.workers > 1:
        print("servicenet: a hall node runs one worker (its uplink and the display's events live in it)",
              file=sys.stderr)
        return 2
    if args.command == "serve" and args.workers > 1:
        return _serve_workers(args)
    if args.command == "migrate":
        from servicenet.backoffice import cli as office_cli

        return office_cli.run_migrate(args.db)
    if args.command == "workdays":
        from servicenet import calendar

        return calendar.show(args.year)
    if args.command == "serve":
        import uvicorn

        from servicenet.app import create_app
        from servicenet.hall.uplink import NotEnrolled

        try:
            app = create_app(args.db, args.person_key, max_skew=args.max_skew, seal_key_file=args.seal_key_file,
                             role=args.role, upstream=args.upstream)
        except NotEnrolled as exc:
            print(f"servicenet: {exc}", file=sys.stderr)
            return 2
        uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, ssl_certfile=args.ssl_certfile,
                    ssl_keyfile=args.ssl_keyfile, timeout_keep_alive=args.keep_alive)
        return 0

    from servicenet import catalogue, db, seed, store

    engine = db.make_engine(args.db)
    try:
        db.create_all(engine)
        seed.seed_if_empty(engine)
        if args.command == "advance":
            try:
                view = store.move_status(engine, args.code, args.status, args.note)
            except store.CaseNotFound:
                print(f"servicenet: 未找到该办件 / no case with code {args.code}", file=sys.stderr)
                return 1
            except store.ReasonRequired as exc:
                print(f"servicenet: {exc}\n  请用 --note 写明理由，例如 --note 不符合申请条件", file=sys.stderr)
                return 1
            except IllegalTransition as exc:
                print(f"servicenet: {exc}", file=sys.stderr)
                return 1
            print(view["status"])
        elif args.command == "cases":
            for c in store.list_cases(engine):
                print("\t".join([c["code"], c["status"], c["channel"], c["submitted_at"], c["due_date"],
                                 c["service_name"] or ""]))
        elif args.command == "retire":
            return said(catalogue.retire_service(engine, args.service_code), f"retired {args.service_code}",
                        f"no active service {args.service_code}")
        elif args.command == "import-catalogue":
            try:
                print(f"{catalogue.import_catalogue(engine, seed.load_items(args.file))} changed")
            except ValueError as exc:  # a catalogue entry the kiosks could not follow: nothing is imported
                print(f"servicenet: {exc}", file=sys.stderr)
                return 1
        else:
            if args.command == "hall":
                from servicenet.hall import cli as hall_cli

                return hall_cli.run(engine, args)
            if args.command == "staff":
                from servicenet.backoffice import staff_cli

                return staff_cli.run(engine, args)
            if args.command == "fleet":
                from servicenet.fleet import cli as fleet_cli

                return fleet_cli.run(engine, args)
            if args.command == "office":
                from servicenet.backoffice import cli as office_cli

                return office_cli.run_office(engine, args)
            return _security(engine, args)
    finally:
        engine.dispose()
    return 0


def said(done: bool, what: str, missing: str) -> int:
    """A command on one named thing: say what it did (exit 0), or that the thing is not there (exit 1)."""
    if not done:
        print(f"servicenet: {missing}", file=sys.stderr)
        return 1
    print(what)
    return 0


def _security(engine: Engine, args: argparse.Namespace) -> int:
    """enrollment-code, revoke-device, devices, audit-verify, open-case."""
    import json

    from servicenet import audit, enroll, keys

    if args.command == "enrollment-code":
        try:
            print(enroll.issue_code(engine, args.region, args.ttl))
        except ValueError as exc:
            print(f"servicenet: {exc}", file=sys.stderr)
            return 2
    elif args.command == "revoke-device":
        device_id = enroll.device_id_typed(args.device_id)
        return said(enroll.revoke(engine, device_id), f"revoked {device_id}", f"no active device {device_id}")
    elif args.command == "devices":
        for d in enroll.list_devices(engine):
            print("\t".join([d["device_id"], d["status"], d["enrolled_at"], d["revoked_at"], d["hall_name"]]))
    elif args.command == "audit-verify":
        ids = [args.device] if args.device else audit.devices_with_audit(engine)
        bad = 0
        for device_id in ids:
            report = audit.verify_chain(engine, device_id)
            bad += not report["ok"]
            print(json.dumps(report, ensure_ascii=False))
        return 1 if bad else 0
    elif args.command == "open-case":
        import sqlalchemy as sa

        from servicenet.db import cases

        with engine.connect() as conn:
            row = conn.execute(sa.select(cases.c.payload).where(cases.c.code == args.code)).first()
        if row is None:
            print(f"servicenet: 未找到该办件 / no case with code {args.code}", file=sys.stderr)
            return 1
        opened = keys.load_or_create(engine).open_case(json.loads(row.payload))
        print(json.dumps(opened, ensure_ascii=False, indent=1))
    return 0
