"""Public verification of a result document (/verify/<code>): is the network's signature good, are the bytes
it names the ones kept, and (given a copy) is the copy byte for byte the document? Holder masked."""
from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy.engine import Engine

from servicenet.results import documents, signing


def check(engine: Engine, public_b64: str, doc_code: str, copy: bytes | None = None,
          copy_sha256: str = "") -> dict[str, Any]:
    """{found, genuine, doc, copy_matches (None without a copy)}; `doc` is the signed statement (masked)."""
    try:
        row = documents.statement_of(engine, doc_code)
    except documents.UnknownDocument:
        return {"found": False, "genuine": False, "doc": None, "copy_matches": None}
    statement = json.loads(row.statement)
    genuine = signing.verify(public_b64, row.statement.encode("utf-8"), row.signature) and \
        hashlib.sha256(bytes(row.data)).hexdigest() == statement["sha256"] == row.sha256
    matches: bool | None = None
    if copy is not None:
        matches = hashlib.sha256(copy).hexdigest() == statement["sha256"]
    elif copy_sha256:
        matches = copy_sha256.strip().lower() == statement["sha256"]
    return {"found": True, "genuine": genuine, "copy_matches": matches,
            "doc": statement | {"pretty": documents.pretty(statement["doc"]),
                                "issued_date": statement["issued_at"][:10]}}
