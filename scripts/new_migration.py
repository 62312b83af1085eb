"""Write a new Alembic revision for what changed in servicenet's tables (autogenerate against a database
brought to the current HEAD), then review it and set servicenet.migrations.HEAD to the new revision.

    .venv/bin/python scripts/new_migration.py "add a column to cases"
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("message")
    parser.add_argument("--rev-id", default=None, help="default: the next 4-digit number after HEAD")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO_ROOT))
    from alembic import command

    from servicenet import migrations

    head = migrations.script_head()
    rev = args.rev_id or (f"{int(head) + 1:04d}" if head.isdigit() else None)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'head.db'}"
        migrations.upgrade(url)
        cfg = migrations.config(url)
        cfg.cmd_opts = argparse.Namespace(x=[f"db={url}"])
        script = command.revision(cfg, message=args.message, autogenerate=True, rev_id=rev)
    path = getattr(script, "path", "?")
    print(f"wrote {path}\nreview it, then set HEAD = {rev!r} in servicenet/migrations/__init__.py")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
