"""A real cupsd for tests and the demo: its own config dir, port, spool and logs, and one A4 queue that
writes PDFs through cups-pdf (Debian `cups` + `printer-driver-cups-pdf`).

The queue's backend is a small wrapper around cups-pdf (in this daemon's own ServerBin) that reports
paper-out to cupsd the way a real printer's backend does (`STATE: +media-empty-error`, exit 4 = stop the
queue) while `paper_out(True)`; the job stays in the queue, and prints when the paper is back and the queue
is enabled. While `jam(True)` it gives each job up (exit 5: cupsd cancels the job). cups-pdf reads its settings only from /etc/cups (compiled in): the wrapper passes it the device
URI cups-pdf:/<queue>, so it reads /etc/cups/cups-pdf-<queue>.conf, which points its output and spool at this
daemon's directory; stop() removes that file (and cups-pdf's per-queue log in /var/log/cups).
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

SERVER_BIN = Path("/usr/lib/cups")
PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
CUPS_PDF = SERVER_BIN / "backend" / "cups-pdf"

WRAPPER = """#!/bin/sh
# paperlab: cups-pdf behind a paper tray the test controls
if [ $# -eq 0 ]; then echo 'direct paperlab "Unknown" "Paper-lab A4 (cups-pdf)"'; exit 0; fi
if [ -e "{flags}/jam" ]; then
  echo "ERROR: the job jammed and was cancelled" >&2
  exit 5
fi
if [ -e "{flags}/paper-out" ]; then
  echo "STATE: +media-empty-error" >&2
  echo "ERROR: the A4 tray is empty" >&2
  exit 4
fi
echo "STATE: -media-empty-error" >&2
DEVICE_URI="cups-pdf:/{queue}" exec {cups_pdf} "$@"
"""


def available() -> bool:
    return all(shutil.which(t) for t in ("cupsd", "lp", "lpadmin", "ipptool")) and CUPS_PDF.exists() and PPD.exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cupsd:
    """A running cupsd with one cups-pdf queue; `server` is what CUPS_SERVER / the driver take."""

    def __init__(self, queue: str = "") -> None:
        # its own folder in /tmp, not pytest's tmp_path: the filters run as user lp and must reach the spool
        # (pytest's folders are private to root)
        self.root = Path(tempfile.mkdtemp(prefix="cupsd-"))
        self.queue = queue or f"hk{os.getpid()}x{int(time.monotonic() * 1000) % 100000}"
        self.port = _free_port()
        self.server = f"127.0.0.1:{self.port}"
        self.out = self.root / "out"
        self.flags = self.root / "flags"
        self.proc: subprocess.Popen[bytes] | None = None
        self.conf_file = Path(f"/etc/cups/cups-pdf-{self.queue}.conf")

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "CUPS_SERVER": self.server}

    def _write_config(self) -> None:
        for d in ("conf/ppd", "spool/tmp", "cache", "state", "log", "bin/backend", "out", "flags", "pdfspool"):
            (self.root / d).mkdir(parents=True, exist_ok=True)
        for d in ("cups-pdf-spool",):
            (self.root / d).mkdir(exist_ok=True)
        os.chmod(self.root / "spool", 0o710)
        bin_dir = self.root / "bin"
        for entry in SERVER_BIN.iterdir():  # the real filters, daemons, cgi ...: only backend/ is our own
            if entry.name != "backend":
                (bin_dir / entry.name).symlink_to(entry)
        for backend in (SERVER_BIN / "backend").iterdir():
            (bin_dir / "backend" / backend.name).symlink_to(backend)
        wrapper = bin_dir / "backend" / "paperlab"
        wrapper.write_text(WRAPPER.format(flags=self.flags, cups_pdf=CUPS_PDF, queue=self.queue))
        os.chmod(wrapper, 0o700)  # 0700 root: cupsd runs it as root, as cups-pdf needs
        os.chmod(self.root, 0o755)
        (self.root / "conf" / "cupsd.conf").write_text(f"""LogLevel info
Listen 127.0.0.1:{self.port}
Browsing No
DefaultAuthType None
WebInterface No
JobRetryLimit 0
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
""")
        (self.root / "conf" / "cups-files.conf").write_text(f"""ServerRoot {self.root}/conf
RequestRoot {self.root}/spool
TempDir {self.root}/spool/tmp
CacheDir {self.root}/cache
StateDir {self.root}/state
ServerBin {bin_dir}
Printcap {self.root}/printcap
ErrorLog {self.root}/log/error_log
AccessLog {self.root}/log/access_log
PageLog {self.root}/log/page_log
User lp
Group lp
SystemGroup root
""")
        self.conf_file.write_text(f"Out {self.out}\nAnonDirName {self.out}\nSpool {self.root}/cups-pdf-spool\n"
                                  "Label 1\nUserUMask 0022\nGrp root\n")

    def start(self, timeout: float = 20.0) -> "Cupsd":
        self._write_config()
        self._launch(timeout)
        self.run("lpadmin", "-p", self.queue, "-E", "-v", "paperlab:/", "-P", str(PPD),
                 "-o", "printer-error-policy=stop-printer", "-o", "media=A4",
                 "-o", "pdftops-renderer-default=pdftocairo")  # keeps the text (gs and pdftops lose CJK)
        return self

    def halt(self) -> None:
        """Stop the daemon as a technician's restart (or a crash) does; its queue, spool and jobs stay for
        `resume()`."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(10)

    def resume(self, timeout: float = 20.0) -> None:
        """Start the halted daemon again on the same port: the jobs it held are back in its queue."""
        self._launch(timeout)

    def _launch(self, timeout: float) -> None:
        self.proc = subprocess.Popen(["cupsd", "-f", "-c", str(self.root / "conf" / "cupsd.conf"),
                                      "-s", str(self.root / "conf" / "cups-files.conf")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"cupsd exited with {self.proc.returncode}: {self.error_log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.05)
        else:
            raise RuntimeError(f"cupsd did not listen on {self.server}: {self.error_log()}")

    def run(self, *cmd: str) -> str:
        done = subprocess.run(cmd, env=self.env, capture_output=True, text=True, timeout=30)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)}: {done.stderr.strip()} {self.error_log()[-2000:]}")
        return done.stdout

    def error_log(self) -> str:
        path = self.root / "log" / "error_log"
        return path.read_text(errors="replace") if path.exists() else ""

    def paper_out(self, out: bool) -> None:
        """Empty (True) or refill (False) the tray; refilling enables the stopped queue again."""
        flag = self.flags / "paper-out"
        if out:
            flag.touch()
        else:
            flag.unlink(missing_ok=True)
            self.run("cupsenable", self.queue)

    def jam(self, jammed: bool) -> None:
        """While jammed, each job the backend is given ends cancelled, nothing written (backend exit 5,
        CUPS_BACKEND_CANCEL), as a printer that gives up on a job does; the queue stays up."""
        flag = self.flags / "jam"
        if jammed:
            flag.touch()
        else:
            flag.unlink(missing_ok=True)

    def offline(self, off: bool) -> None:
        """Stop (disable) the queue as an offline printer does, or enable it."""
        self.run("cupsdisable" if off else "cupsenable", self.queue)

    def pdfs(self) -> list[Path]:
        return sorted(self.out.rglob("*.pdf"), key=lambda p: p.stat().st_mtime)

    def wait_pdfs(self, count: int, timeout: float = 30.0) -> list[Path]:
        """The PDFs cups-pdf wrote, once there are `count` (and the newest is complete)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.pdfs()
            if len(found) >= count and all(p.read_bytes().rstrip().endswith(b"%%EOF") for p in found):
                return found
            time.sleep(0.1)
        raise AssertionError(f"cups-pdf wrote {len(self.pdfs())} PDFs, wanted {count}: {self.error_log()[-3000:]}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.conf_file.unlink(missing_ok=True)
        Path(f"/var/log/cups/cups-pdf-{self.queue}_log").unlink(missing_ok=True)

    def remove(self) -> None:
        """stop() and delete the daemon's folder (its logs and the PDFs written)."""
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> "Cupsd":
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.remove()
