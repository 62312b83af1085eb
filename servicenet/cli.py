"""`servicenet` command line: serve the API, and the staff side (advance a case, list cases, edit the catalogue)."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from domain.status import LABELS_ZH, CaseStatus, IllegalTransition

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
    adv.add_argument("status", type=_status, help="accepted|in_progress|completed|rejected or 受理|办理中|办结|不予受理")
    adv.add_argument("--note", default="")
    sub.add_parser("cases", help="list cases, one per line")
    retire = sub.add_parser("retire", help="delete a service from the catalogue (kiosks get a deletion)")
    retire.add_argument("service_code")
    imp = sub.add_parser("import-catalogue", help="add or update services from a catalogue JSON file")
    imp.add_argument("file", type=Path)
    for sp in (serve, adv, sub.choices["cases"], retire, imp):
        sp.add_argument("--db", default=DEFAULT_DB, help=f"SQLAlchemy URL (default {DEFAULT_DB})")
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `servicenet` console script and `python -m servicenet`."""
    args = _parser().parse_args(argv)
    if args.command == "serve":
        import uvicorn

        from servicenet.app import create_app

        uvicorn.run(create_app(args.db, args.person_key), host=args.host, port=args.port, log_level=args.log_level)
        return 0

    from servicenet import db, seed, store

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
            except IllegalTransition as exc:
                print(f"servicenet: {exc}", file=sys.stderr)
                return 1
            print(view["status"])
        elif args.command == "cases":
            for c in store.list_cases(engine):
                print("\t".join([c["code"], c["status"], c["channel"], c["submitted_at"], c["due_date"],
                                 c["service_name"] or ""]))
        elif args.command == "retire":
            if not store.retire_service(engine, args.service_code):
                print(f"servicenet: no active service {args.service_code}", file=sys.stderr)
                return 1
            print(f"retired {args.service_code}")
        elif args.command == "import-catalogue":
            print(f"{store.import_catalogue(engine, seed.load_items(args.file))} changed")
    finally:
        engine.dispose()
    return 0
