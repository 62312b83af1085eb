"""Write servicenet's OpenAPI description to docs/openapi.json (the checked-in contract), or --check it.

    .venv/bin/python scripts/openapi.py           regenerate after changing an endpoint or a schema
    .venv/bin/python scripts/openapi.py --check   exit 1 when the file differs from what the app serves

tests/unit/servicenet/test_openapi.py fails with this hint when the served spec and the file disagree.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
SPEC_PATH = REPO_ROOT / "docs" / "openapi.json"


def spec() -> dict[str, Any]:
    """The spec as servicenet serves it at /openapi.json (built on an in-memory database)."""
    sys.path.insert(0, str(REPO_ROOT))
    from servicenet.app import create_app

    app = create_app("sqlite://")
    return app.openapi()


def text(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 on a difference")
    args = parser.parse_args(argv)
    now = text(spec())
    if args.check:
        same = SPEC_PATH.exists() and SPEC_PATH.read_text(encoding="utf-8") == now
        print("docs/openapi.json is up to date" if same else "docs/openapi.json differs: run scripts/openapi.py")
        return 0 if same else 1
    SPEC_PATH.write_text(now, encoding="utf-8")
    print(f"wrote {SPEC_PATH.relative_to(REPO_ROOT)} ({len(now)} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
