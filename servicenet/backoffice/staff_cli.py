"""`servicenet staff ...`: staff accounts, their roles and departments, passwords, authenticators, API tokens.

    servicenet staff add S001 --name 王五 --role window [--role supervisor] [--password-stdin]
    servicenet staff add S002 --name 李四 --role handler --department 镇派出所 [--department 镇民政办]
    servicenet staff roles S002 --role handler --department '*'      every department
    servicenet staff list
    servicenet staff password S001 [--password-stdin]                 (ends every open session)
    servicenet staff totp S001                                        a new authenticator secret
    servicenet staff unlock S001 | disable S001
    servicenet staff token S001                                       a bearer token for /v1/backoffice

Roles: window 窗口受理, handler 事项办理, admin 管理员, supervisor 监察, complaints 投诉受理 (the Chinese name works too).
The TOTP secret and its otpauth:// URI are printed once, for the clerk's authenticator app.
"""
from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from sqlalchemy.engine import Engine


def id_argument(raw: str) -> str:
    """A staff id on the command line (`staff add S001`, `--staff-id`), made canonical (full-width letters and
    digits typed in a Chinese input method work) or refused by argparse with the rule in Chinese (exit 2)."""
    from servicenet.backoffice.accounts import AccountError, canonical_id

    try:
        return canonical_id(raw)
    except AccountError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_parser(sub: Any, db_default: str) -> None:
    staff = sub.add_parser("staff", help="staff accounts: roles, departments, passwords, TOTP, API tokens")
    acts = staff.add_subparsers(dest="action", required=True)
    for name, text in (("add", "a new account"), ("roles", "set an account's roles and departments")):
        p = acts.add_parser(name, help=text)
        p.add_argument("staff_id", type=id_argument)
        if name == "add":
            p.add_argument("--name", default="")
            p.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
            p.add_argument("--no-password", action="store_true", help="API tokens only: no sign-in on /admin")
        p.add_argument("--role", action="append", required=True, help="window|handler|admin|supervisor|complaints")
        p.add_argument("--department", action="append", default=[], help="事项办理: a department ('*' = all)")
    p = acts.add_parser("password", help="set a new password (ends every open session)")
    p.add_argument("staff_id", type=id_argument)
    p.add_argument("--password-stdin", action="store_true")
    for name, text in (("totp", "a new authenticator secret"), ("unlock", "lift a lockout"),
                       ("disable", "stop the account and its tokens"), ("token", "a bearer token (printed once)")):
        acts.add_parser(name, help=text).add_argument("staff_id", type=id_argument)
    acts.add_parser("list", help="every account, one per line")
    for p in acts.choices.values():
        p.add_argument("--db", default=db_default, help=f"SQLAlchemy URL (default {db_default})")


def _password(args: argparse.Namespace) -> str:
    if getattr(args, "password_stdin", False):
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("新密码 / new password: ")
    if getpass.getpass("再输一次 / again: ") != first:
        raise ValueError("两次输入的密码不同 / the passwords differ")
    return first


def _secret(new: Any) -> None:
    print(f"totp_secret\t{new.totp_secret}")
    print(f"otpauth\t{new.provisioning_uri}")


def run(engine: Engine, args: argparse.Namespace) -> int:
    from servicenet.backoffice import accounts, auth

    a = args.action
    try:
        if a == "add":
            password = None if args.no_password else _password(args)
            new = accounts.add(engine, args.staff_id, args.name, args.role, args.department, password)
            print(f"added\t{new.staff_id}")
            _secret(new)
        elif a == "roles":
            accounts.set_roles(engine, args.staff_id, args.role, args.department)
            print(f"roles set\t{args.staff_id}")
        elif a == "password":
            accounts.set_password(engine, args.staff_id, _password(args))
            print(f"password set\t{args.staff_id}")
        elif a == "totp":
            _secret(accounts.reset_totp(engine, args.staff_id))
        elif a == "unlock":
            accounts.unlock(engine, args.staff_id)
            print(f"unlocked\t{args.staff_id}")
        elif a == "disable":
            accounts.disable(engine, args.staff_id)
            print(f"disabled\t{args.staff_id}\t{auth.revoke_tokens(engine, args.staff_id)} tokens revoked")
        elif a == "token":
            print(auth.issue_token(engine, args.staff_id))
        elif a == "list":
            for acc in accounts.listing(engine):
                state = "disabled" if acc["disabled"] else "locked" if acc["locked"] else "active"
                print("\t".join([acc["staff_id"], acc["name"], ",".join(acc["roles"]),
                                 ",".join(acc["departments"]) or "-", state]))
    except ValueError as exc:
        print(f"servicenet: {exc}", file=sys.stderr)
        return 1
    return 0
