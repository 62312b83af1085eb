import base64
import json

from domain.status import EventKind
from sync.desk import EXPORT_FORMAT, SyncDesk


def test_health_counts_and_quarantine_with_reasons(outbox, application, with_files, store):
    desk = SyncDesk(store, outbox, None)
    a = outbox.enqueue(with_files).code
    b = outbox.enqueue(application).code
    outbox.add_event(b, EventKind.RATING, {"level": 1, "reasons": []})
    h = desk.health()
    assert (h.queued, h.quarantined, h.last_success, h.online) == (3, 0, None, False)
    rows = {r.ref: r for r in outbox.claim(now=1e12, limit=10)}
    outbox.quarantine(rows[a], "conflict: 登记编码已被内容不同的申请使用")
    outbox.accepted(rows[b], "submitted")
    [event] = outbox.claim(now=1e12, limit=10, cases=False)
    outbox.quarantine(event, "invalid: bad level")
    assert desk.health().quarantined == 2
    listed = {c.code: c.last_error for c in desk.quarantined()}
    assert listed == {a: "conflict: 登记编码已被内容不同的申请使用", b: "[rating] invalid: bad level"}
    doc = json.loads(desk.export(a))
    assert doc["format"] == EXPORT_FORMAT and doc["case"]["payload"]["code"] == a
    assert doc["case"]["reason"].startswith("conflict")
    assert [base64.b64decode(x["data_base64"]) for x in doc["attachments"]] == [f.data for f in with_files.attachments]
    desk.requeue(a)
    desk.requeue(b)
    assert desk.health().quarantined == 0 and desk.health().queued == 2


def test_a_quarantined_rating_of_a_web_case_is_listed_too(outbox, store):
    desk = SyncDesk(store, outbox, None)
    web_code = "44010500026112040002"
    outbox.add_event(web_code, EventKind.RATING, {"level": 2, "reasons": []})
    [event] = outbox.claim(now=1e12, limit=10, cases=False)
    outbox.quarantine(event, "invalid: unknown case")
    [listed] = desk.quarantined()
    assert listed.code == web_code and listed.last_error == "[rating] invalid: unknown case"
    assert json.loads(desk.export(web_code))["events"][0]["key"] == web_code + ":rating"
