"""Structured logs: JSON lines, rotated to a bounded size, with personal data removed before anything is written.

`configure()` installs two handlers on the root logger: a file (`kiosk.log`, rotated at `max_bytes`, keeping
`backups` old files, so the folder never holds more than about max_bytes * (backups + 1)) and stderr (journald
under systemd). Both go through `RedactFilter`, which rewrites each record so that no personal data survives:
- 18-character resident ID numbers (GB 11643: 17 digits and a digit or X), the old 15-digit ones, and
  mobile numbers, wherever they appear (message, arguments, traceback);
- the value of any known personal field (name, id_number, address, phone …) written as key=value, key: value
  or "key": "value" (this covers dataclass reprs such as Person(name='…'));
- the values the kiosk has seen on the current card (`REDACTOR.remember(...)`, done by
  kiosk.staff.supervision.RememberingReader, which kiosk.wiring puts around the card reader): a name alone in a message is unrecognisable as a name,
  so the reader tells us what to look for.
Registration codes (20 digits) are not personal and stay readable.
"""
from __future__ import annotations

import json
import logging
import logging.handlers
import re
import sys
import threading
import time
import traceback
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

LOG_FILE = "kiosk.log"
MASK = "[redacted]"
SAY_FULL_EVERY = 600.0  # seconds: the "disk full" notice at most this often

# Keys whose values are personal data, as they appear in our code, wire payloads and reprs.
PII_KEYS = (
    "name", "id_number", "idNumber", "id_no", "idno", "address", "phone", "mobile", "birth", "sex", "nation",
    "authority", "photo", "applicant", "holder", "person", "contact",
)
_KEYS = "|".join(sorted(PII_KEYS, key=len, reverse=True))
# key='value' / key="value" / "key": "value"   (the value may hold spaces, commas, CJK)
_QUOTED = re.compile(
    rf"""(?P<key>(?<![A-Za-z0-9_])["']?(?:{_KEYS})["']?\s*[:=]\s*)(?P<q>["'])(?P<val>(?:\\.|(?!(?P=q)).)*)(?P=q)""",
    re.DOTALL)
# key=value up to the next separator (no quotes), or key=call(...) as in birth=datetime.date(1956, 3, 8)
_BARE = re.compile(rf"""(?P<key>(?<![A-Za-z0-9_])(?:{_KEYS})\s*[:=]\s*)"""
                   rf"""(?P<val>[\w.]+\([^()]*\)|[^\s,;)}}\]"'][^\s,;)}}\]]*)""")
ID18 = re.compile(r"(?<![0-9A-Za-z])\d{6}\s?\d{8}\s?\d{3}[\dXx](?![0-9A-Za-z])")
ID15 = re.compile(r"(?<![0-9A-Za-z])\d{6}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<![0-9A-Za-z])(?:\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?![0-9A-Za-z])")

# LogRecord attributes that are not "extra" fields.
_RECORD_KEYS = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "fields"}


class Redactor:
    """Removes personal data from text and from structured fields. Thread-safe."""

    def __init__(self, capacity: int = 64) -> None:
        self._known: OrderedDict[str, None] = OrderedDict()
        self._capacity = capacity
        self._lock = threading.Lock()
        self._pattern: re.Pattern[str] | None = None

    def remember(self, *values: object) -> None:
        """Values to scrub from every later line (the name, address … on the card just read). Memory only."""
        with self._lock:
            for value in values:
                text = str(value or "").strip()
                if len(text) < 2:
                    continue
                self._known.pop(text, None)
                self._known[text] = None
                while len(self._known) > self._capacity:
                    self._known.popitem(last=False)
            self._pattern = None

    def remember_person(self, person: Any) -> None:
        """Everything identifying on a domain.models.Person."""
        self.remember(*(getattr(person, f, "") for f in ("name", "id_number", "address", "authority")))

    def forget_all(self) -> None:
        with self._lock:
            self._known.clear()
            self._pattern = None

    def _known_pattern(self) -> re.Pattern[str] | None:
        with self._lock:
            if self._pattern is None and self._known:
                alternatives = sorted(self._known, key=len, reverse=True)
                self._pattern = re.compile("|".join(re.escape(v) for v in alternatives))
            return self._pattern

    def text(self, text: str) -> str:
        if not text:
            return text
        known = self._known_pattern()
        if known is not None:
            text = known.sub(MASK, text)
        text = _QUOTED.sub(lambda m: f"{m['key']}{m['q']}{MASK}{m['q']}", text)
        text = _BARE.sub(lambda m: m["key"] + MASK, text)
        text = ID18.sub("[id-number]", text)
        text = ID15.sub("[id-number]", text)
        return MOBILE.sub("[phone]", text)

    def value(self, key: str, value: Any) -> Any:
        if key in PII_KEYS:
            return MASK
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Mapping):
            return {str(k): self.value(str(k), v) for k, v in value.items()}
        if isinstance(value, (list, tuple, set, frozenset)):
            return [self.value("", v) for v in value]
        if value is None or isinstance(value, (bool, int, float)):
            return value
        return self.text(repr(value))


REDACTOR = Redactor()


class RedactFilter(logging.Filter):
    """Rewrites each record in place: the formatted message and any traceback are redacted, extras too."""

    def __init__(self, redactor: Redactor = REDACTOR) -> None:
        super().__init__()
        self.redactor = redactor

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_redacted", False):
            return True
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the line (nor leak its arguments)
            message = f"{record.msg!s} [unformattable arguments]"
        record.msg, record.args = self.redactor.text(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        if record.exc_text:
            record.exc_text = self.redactor.text(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redactor.text(record.stack_info)
        for key in [k for k in vars(record) if k not in _RECORD_KEYS and not k.startswith("_")]:
            setattr(record, key, self.redactor.value(key, getattr(record, key)))
        fields = getattr(record, "fields", None)
        if isinstance(fields, Mapping):
            record.fields = self.redactor.value("", fields)
        record._redacted = True
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, msg, the static fields (version, device), extras, exc."""

    def __init__(self, static: Mapping[str, Any] | None = None, redactor: Redactor = REDACTOR) -> None:
        super().__init__()
        self.static = dict(static or {})
        self.redactor = redactor

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
            **self.static,
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, Mapping):
            entry.update({str(k): v for k, v in fields.items()})
        for key, value in vars(record).items():
            if key not in _RECORD_KEYS and not key.startswith("_"):
                entry[key] = value
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exc"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        line = json.dumps(entry, ensure_ascii=False, default=repr)
        return self.redactor.text(line)  # belt and braces: the line as written is scrubbed once more


class TextFormatter(logging.Formatter):
    """Short human lines for a terminal (still redacted)."""

    def __init__(self, redactor: Redactor = REDACTOR) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")
        self.redactor = redactor

    def format(self, record: logging.LogRecord) -> str:
        return self.redactor.text(super().format(record))


class QuietFileHandler(logging.handlers.RotatingFileHandler):
    """The rotated log file, quiet on a full disk: logging's own "--- Logging error ---" report (a traceback on
    stderr for every line) becomes one line on `notice` saying the disk is full; lines are dropped until a
    write succeeds again, and the first line written after that says how many were lost."""

    def __init__(self, *args: Any, notice: TextIO | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.notice = notice
        self.full = False  # set by a failed write, cleared by the first write that succeeds after it
        self.dropped = 0
        self._said_at: float | None = None  # a disk at the edge flaps between full and not: say it once a while

    def emit(self, record: logging.LogRecord) -> None:
        if self.full:
            lost = self.dropped
            if not self._end_half_line():
                self.dropped += 1
                return
            super().emit(logging.makeLogRecord({
                "name": __name__, "levelno": logging.WARNING, "levelname": "WARNING",
                "msg": "disk space is back: %d log lines were dropped while it was full", "args": (lost,)}))
            if self.dropped != lost:  # still full: the note itself failed, and so does this line
                self.dropped = lost + 1
                return
            self.full, self.dropped = False, 0
        super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        error = sys.exc_info()[1]
        if not isinstance(error, OSError):
            super().handleError(record)
            return
        if not self.full:
            self.full = True
            if self._said_at is None or time.monotonic() - self._said_at > SAY_FULL_EVERY:
                self._said_at = time.monotonic()
                self._say(f"kiosk log: 磁盘已满 / disk full or unwritable ({error.strerror or error}): "
                          f"log lines are dropped until space returns\n")
        self.dropped += 1
        if self.stream is not None:  # drop what the buffer holds, so a later line is not glued to half a line
            try:
                self.stream.close()
            except OSError:
                pass
            self.stream = None  # reopened by the next emit

    def _end_half_line(self) -> bool:
        """The write that failed may have left half a line: cut it off, so every line stays one JSON entry."""
        try:
            with open(self.baseFilename, "rb+") as f:
                size = f.seek(0, 2)
                tail_at = max(0, size - 65536)
                f.seek(tail_at)
                tail = f.read()
                if tail and not tail.endswith(b"\n"):
                    f.truncate(tail_at + tail.rfind(b"\n") + 1)
            return True
        except FileNotFoundError:
            return True
        except OSError:
            return False

    def _say(self, text: str) -> None:
        target = self.notice if self.notice is not None else sys.stderr
        try:
            target.write(text)
            target.flush()
        except (OSError, ValueError, AttributeError):
            pass


_installed: list[logging.Handler] = []
_saved_level: list[int] = []


def configure(directory: str | Path | None, *, level: str | int = "INFO", max_bytes: int = 5_000_000,
              backups: int = 5, static: Mapping[str, Any] | None = None, stream: TextIO | None = sys.stderr,
              json_stream: bool | None = None, redactor: Redactor = REDACTOR) -> list[logging.Handler]:
    """Route the root logger to a rotated JSON-lines file in `directory` (if given) and to `stream`.

    Replaces the handlers an earlier configure() installed. `json_stream=None`: JSON unless the stream is a
    terminal. Returns the handlers (tests read them; shutdown() removes them).
    """
    shutdown()
    root = logging.getLogger()
    _saved_level.append(root.level)
    root.setLevel(level if isinstance(level, int) else level.upper())
    redact = RedactFilter(redactor)
    handlers: list[logging.Handler] = []
    if directory is not None:
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = QuietFileHandler(folder / LOG_FILE, maxBytes=max_bytes, backupCount=backups,
                                                    encoding="utf-8", notice=stream)
        handler.setFormatter(JsonFormatter(static, redactor))
        handlers.append(handler)
    if stream is not None:
        as_json = json_stream if json_stream is not None else not _isatty(stream)
        handler = logging.StreamHandler(stream)
        handler.setFormatter(JsonFormatter(static, redactor) if as_json else TextFormatter(redactor))
        handlers.append(handler)
    for handler in handlers:
        handler.addFilter(redact)
        root.addHandler(handler)
    _installed.extend(handlers)
    logging.captureWarnings(True)
    return handlers


def shutdown() -> None:
    """Remove and close the handlers configure() installed, and put the root logger's level back."""
    root = logging.getLogger()
    while _installed:
        handler = _installed.pop()
        root.removeHandler(handler)
        handler.close()
    if _saved_level:
        root.setLevel(_saved_level.pop())


def read_lines(directory: str | Path) -> Iterable[dict[str, Any]]:
    """Every entry of the current and rotated log files, oldest file first (for tests and support)."""
    folder = Path(directory)
    files = sorted(folder.glob(LOG_FILE + ".*"), key=lambda p: -int(p.suffix[1:]) if p.suffix[1:].isdigit() else 0)
    for path in [*files, folder / LOG_FILE]:
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    yield json.loads(line)


def _isatty(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
