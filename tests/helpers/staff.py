"""Staff accounts for tests, made with the real `servicenet staff add` CLI, and their sign-in codes.

    clerk = add_staff(net.db_url, "W001", ["window"])              # password + TOTP secret
    clerk.code()                                                   # the current 6-digit code
    sign_in(page, net.url, clerk, next="/admin/cases/...")          # Playwright: the /admin sign-in form
    token = staff_token(net.db_url, "W001")                        # a bearer token for /v1/backoffice
"""
from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pyotp

from servicenet.process import REPO_ROOT


def servicenet_cli(db_url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "servicenet", *args, "--db", db_url], cwd=REPO_ROOT,
                          input=stdin, capture_output=True, text=True, timeout=60)
    return done


@dataclass
class StaffLogin:
    staff_id: str
    password: str
    secret: str
    _last: int = 0

    def code(self) -> str:
        """A code for a time step not used yet (a code is good once): waits for the next step when needed."""
        totp = pyotp.TOTP(self.secret)
        step = int(time.time() // totp.interval)
        if step <= self._last:
            time.sleep((self._last + 1) * totp.interval - time.time() + 0.05)
            step = self._last + 1
        self._last = step
        return totp.at(step * totp.interval)

    def form(self) -> dict[str, str]:
        return {"staff_id": self.staff_id, "password": self.password, "code": self.code()}


def add_staff(db_url: str, staff_id: str, roles: Sequence[str], departments: Sequence[str] = (), name: str = "",
              password: str = "correct horse battery") -> StaffLogin:
    args = ["staff", "add", staff_id, "--name", name or staff_id, "--password-stdin"]
    for r in roles:
        args += ["--role", r]
    for d in departments:
        args += ["--department", d]
    done = servicenet_cli(db_url, *args, stdin=password + "\n")
    assert done.returncode == 0, done.stderr
    secret = next(line.split("\t")[1] for line in done.stdout.splitlines() if line.startswith("totp_secret\t"))
    return StaffLogin(staff_id, password, secret)


def staff_token(db_url: str, staff_id: str, roles: Sequence[str] = (), departments: Sequence[str] = ()) -> str:
    """A bearer token; with roles, an API-only account is made first when there is none."""
    args = ["office", "staff-token", "--staff-id", staff_id]
    for r in roles:
        args += ["--role", r]
    for d in departments:
        args += ["--department", d]
    done = servicenet_cli(db_url, *args)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def sign_in(page: Any, url: str, login: StaffLogin, next: str = "") -> None:  # noqa: A002 - the query parameter is ?next=
    """Fill and send the /admin sign-in form in a Playwright page."""
    page.goto(f"{url}/admin/login" + (f"?next={next}" if next else ""))
    page.fill("#staff_id", login.staff_id)
    page.fill("#password", login.password)
    page.fill("#code", login.code())
    page.click("#sign-in")
