from datetime import UTC, datetime
from email.utils import format_datetime

from sync.client import MAX_RETRY_AFTER, retry_after


def test_retry_after_seconds_or_http_date():
    assert retry_after("120") == 120.0
    assert retry_after(None) is None and retry_after("soon") is None
    assert retry_after("-5") == 0.0
    assert retry_after("99999999") == MAX_RETRY_AFTER
    when = format_datetime(datetime(2026, 11, 26, 10, 0, 30, tzinfo=UTC), usegmt=True)
    now = datetime(2026, 11, 26, 10, 0, 0, tzinfo=UTC).timestamp()
    assert retry_after(when, now=lambda: now) == 30.0
