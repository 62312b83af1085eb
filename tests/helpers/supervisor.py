"""What deploy/hall-kiosk.service does, for tests: guard.py start (ExecStartPre), then ROOT/current/kiosk
(ExecStart), and again whenever it exits (Restart=always), until stop(). Stopped by the kiosk's PID."""
from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from servicenet.process import stop_process
from tests.helpers.builds import DEPLOY


class Supervisor:
    def __init__(self, root: Path, args: list[str], env: dict[str, str], cwd: Path, log: Path,
                 max_starts: int = 2, restart_s: float = 0.2) -> None:
        self.root, self.args, self.env, self.cwd, self.log = root, args, env, cwd, log
        self.max_starts, self.restart_s = max_starts, restart_s
        self.exits: list[int] = []  # each run's exit status, in order
        self.proc: subprocess.Popen[bytes] | None = None
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name=f"supervisor {root}", daemon=True)

    @property
    def starts(self) -> int:
        return len(self.exits) + (1 if self.proc is not None and self.proc.poll() is None else 0)

    def alive(self) -> bool:
        return self._thread.is_alive()

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            with open(self.log, "ab") as err:
                subprocess.run([sys.executable, str(DEPLOY / "guard.py"), "start", "--root", str(self.root),
                                "--max-starts", str(self.max_starts)], stdout=subprocess.DEVNULL, stderr=err,
                               check=False, timeout=60)  # ExecStartPre=-…: a failing guard never stops the start
                with self._lock:
                    if self._stop.is_set():
                        return
                    self.proc = subprocess.Popen([str(self.root / "current" / "kiosk"), *self.args], env=self.env,
                                                 cwd=self.cwd, stdout=subprocess.DEVNULL, stderr=err)
            code = self.proc.wait()
            with self._lock:
                self.exits.append(code)
            self._stop.wait(self.restart_s)

    def stop(self) -> None:
        with self._lock:
            self._stop.set()
            proc = self.proc
        if proc is not None:
            stop_process(proc, 20)
        self._thread.join(30)
