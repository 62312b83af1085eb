"""The hall's A4 printer through CUPS over IPP, with the CUPS command-line tools (`lp`, `ipptool`).

Status comes from IPP Get-Printer-Attributes (printer-state, printer-state-reasons, printer-is-accepting-jobs):
media-empty / media-needed → out of paper; toner-empty / marker-supply-empty → out of toner; a stopped or
paused queue, offline-report, or no answer from cupsd → offline; media-low / toner-low are warnings. A job
is queued with `lp` and followed with Get-Job-Attributes (job-state); when the printer stops with the job
in it (paper out), the job stays queued and prints once the printer is back, so a print is "owed" until its
job is done.
"""
from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass

from drivers.base import Condition, DeviceStatus, DeviceUnavailable, Health, PrinterError
from drivers.printer.messages import A4_FAULT, A4_OFFLINE, A4_PAPER_LOW, A4_PAPER_OUT, A4_TONER_LOW, A4_TONER_OUT

# What the A4 printer says for each condition it reports (DeviceStatus.of); cupsd not answering reads as offline
WORDS = {Condition.NOT_CONNECTED: A4_OFFLINE, Condition.PAPER_OUT: A4_PAPER_OUT, Condition.TONER_OUT: A4_TONER_OUT,
         Condition.FAULT: A4_FAULT, Condition.OFFLINE: A4_OFFLINE, Condition.PAPER_LOW: A4_PAPER_LOW,
         Condition.TONER_LOW: A4_TONER_LOW}

_ATTR = re.compile(r"^\s*([a-z0-9-]+) \([^)]*\) = (.*)$")
_JOB_ID = re.compile(r"request id is (\S+)-(\d+)")
JOB_STATES = {"pending": "waiting", "pending-held": "waiting", "processing": "waiting",
              "processing-stopped": "waiting", "canceled": "failed", "aborted": "failed", "completed": "done"}


@dataclass(frozen=True)
class A4State:
    reachable: bool
    state: str = ""  # idle | processing | stopped
    accepting: bool = False
    reasons: tuple[str, ...] = ()
    message: str = ""

    def conditions(self) -> set[Condition]:
        """What the printer-state-reasons (and whether cupsd answered) say, as DeviceStatus conditions."""
        if not self.reachable:
            return {Condition.NOT_CONNECTED}
        found: set[Condition] = set()
        if any(r.startswith(("media-empty", "media-needed")) for r in self.reasons):
            found.add(Condition.PAPER_OUT)
        elif any(r.startswith("media-low") for r in self.reasons):
            found.add(Condition.PAPER_LOW)
        if any(r.startswith(("toner-empty", "marker-supply-empty")) for r in self.reasons):
            found.add(Condition.TONER_OUT)
        elif any(r.startswith(("toner-low", "marker-supply-low")) for r in self.reasons):
            found.add(Condition.TONER_LOW)
        if self.state == "stopped" or not self.accepting or any(r.startswith("offline") for r in self.reasons):
            found.add(Condition.OFFLINE)
        if any(r.endswith("-error") for r in self.reasons):
            found.add(Condition.FAULT)
        return found

    def device_status(self) -> DeviceStatus:
        return DeviceStatus.of(self.conditions(), WORDS)


def _attributes(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in text.splitlines():
        m = _ATTR.match(line)
        if m:
            found.setdefault(m.group(1), m.group(2).strip())
    return found


def _stderr(done: subprocess.CompletedProcess[bytes]) -> str:
    """What a CUPS command said on stderr, for the technician (at most 200 characters)."""
    return done.stderr.decode("utf-8", "replace").strip()[:200]


class CupsA4Printer:
    """drivers.base.DocumentPrinter on a CUPS queue. `server`: host:port (or a socket path) of cupsd."""

    def __init__(self, server: str, queue: str, *, timeout: float = 10.0) -> None:
        if not re.fullmatch(r"[A-Za-z0-9_.-]{1,127}", queue):
            raise ValueError(f"not a CUPS queue name: {queue!r}")
        self.server = server
        self.queue = queue
        self.timeout = timeout
        self.error = ""

    @property
    def uri(self) -> str:
        return f"ipp://{self._host}/printers/{self.queue}"

    @property
    def _host(self) -> str:
        return self.server if not self.server.startswith("/") else "localhost"

    def _run(self, *cmd: str, data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        env = {**os.environ, "CUPS_SERVER": self.server}
        try:
            return subprocess.run(cmd, input=data, env=env, capture_output=True, timeout=self.timeout, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            self.error = f"{cmd[0]}: {type(exc).__name__}"
            raise DeviceUnavailable(A4_OFFLINE, self.error) from None

    def state(self) -> A4State:
        """The printer as cupsd reports it over IPP (unreachable: reachable=False)."""
        try:
            done = self._run("ipptool", "-tv", "-T", str(int(self.timeout)), self.uri, "get-printer-attributes.test")
        except DeviceUnavailable:
            return A4State(False)
        attrs = _attributes(done.stdout.decode("utf-8", "replace"))
        if "printer-state" not in attrs:
            self.error = _stderr(done) or "no answer"
            return A4State(False)
        reasons = tuple(r for r in attrs.get("printer-state-reasons", "none").split(",") if r and r != "none")
        self.error = attrs.get("printer-state-message", "")
        return A4State(True, attrs["printer-state"], attrs.get("printer-is-accepting-jobs") == "true", reasons,
                       attrs.get("printer-state-message", ""))

    def status(self) -> DeviceStatus:
        return self.state().device_status()

    def print_pdf(self, data: bytes, copies: int = 1, title: str = "") -> str:
        status = self.status()
        if status.health is Health.ERROR:
            raise PrinterError(status.reason, self.error)
        done = self._run("lp", "-d", self.queue, "-n", str(max(1, copies)), "-t", title[:60] or "result",
                         "-o", "media=A4", "-", data=data)
        out = done.stdout.decode("utf-8", "replace")
        m = _JOB_ID.search(out)
        if done.returncode != 0 or m is None:
            self.error = _stderr(done)
            raise PrinterError(A4_FAULT, self.error)
        return m.group(2)

    def job_state(self, job_id: str) -> str:
        done = self._run("ipptool", "-tv", "-T", str(int(self.timeout)), f"ipp://{self._host}/jobs/{int(job_id)}",
                         "get-job-attributes.test")
        out = done.stdout.decode("utf-8", "replace")
        state = _attributes(out).get("job-state", "")
        if not state and "status-code = " not in out:  # cupsd did not answer: the job's end is not known
            self.error = _stderr(done) or "no answer"
            raise DeviceUnavailable(A4_OFFLINE, self.error)
        return JOB_STATES.get(state, "waiting" if state else "failed")  # no such job (cupsd said so): failed

    def close(self) -> None:
        """Nothing held open: each call is its own IPP request."""
