"""Clean-up: once the network has held a case for the retention period, its personal data leaves the kiosk.

Kept for tracking: code, service, status, history, timestamps, the masked name. Gone: the frozen payload
(applicant, agent, form), the attachment files no pending case still needs, the masked ID, the person hash.
"""
from __future__ import annotations

from datetime import datetime

from sync.files import FileStore
from sync.store import Store

DAY = 86400.0


def purge(store: Store, files: FileStore, now: float, days: float, limit: int = 500) -> int:
    """Purge up to `limit` rows acknowledged before now - days; returns how many were purged."""
    cutoff = now - days * DAY
    with store.tx() as c:
        rows = c.execute(
            "SELECT id, kind, case_code FROM outbox INDEXED BY outbox_purgeable WHERE state='accepted' AND purged=0 "
            "AND done_at IS NOT NULL AND done_at <= ? ORDER BY id LIMIT ?", (cutoff, limit)).fetchall()
        if not rows:
            return 0
        stamp = datetime.fromtimestamp(now).astimezone().isoformat(timespec="seconds")
        for r in rows:
            c.execute("UPDATE outbox SET payload=x'', purged=1 WHERE id=?", (r["id"],))
            if r["kind"] != "case":
                continue
            code = r["case_code"]
            c.execute("UPDATE cases SET person_hash=NULL, applicant_masked_id='', purged_at=? WHERE code=?",
                      (stamp, code))
            shas = [s[0] for s in c.execute("SELECT sha256 FROM case_attachments WHERE code=?", (code,))]
            c.execute("DELETE FROM case_attachments WHERE code=?", (code,))
            for sha in shas:
                if c.execute("SELECT 1 FROM case_attachments WHERE sha256=?", (sha,)).fetchone() is None:
                    c.execute("DELETE FROM attachments WHERE sha256=?", (sha,))
                    files.delete(sha)  # inside the write lock: an enqueue of the same bytes waits for us
    return len(rows)
