"""Read the sandbox SMS gateway's inbox of a running servicenet (what a resident's phone received)."""
from __future__ import annotations

import re
import time

import requests


def inbox(url: str, phone: str, want: int = 1, timeout: float = 15.0) -> list[str]:
    """The texts the phone received, oldest first, once there are at least `want` (or at the timeout)."""
    deadline = time.monotonic() + timeout
    while True:
        got = requests.get(f"{url}/sandbox/sms/messages", params={"phone": phone}, timeout=5).json()["messages"]
        if len(got) >= want or time.monotonic() > deadline:
            return [m["text"] for m in reversed(got)]
        time.sleep(0.1)


def code_sent(url: str, phone: str, after: int = 0) -> str:
    """The 6-digit code of the newest verification SMS, waiting for message number `after` + 1."""
    for text in reversed(inbox(url, phone, after + 1)):
        found = re.search(r"验证码(\d{6})", text)
        if found:
            return found.group(1)
    raise AssertionError(f"no verification code was sent to {phone}")
