"""A power cut that loses what was not fsynced: record a process's file writes with strace, then rebuild the
files of a folder as a disk would hold them after the power went at any point of that record.

The model (what ext4 with data=ordered promises, taken strictly): a file's bytes survive up to its last
fsync/fdatasync; a new file's name survives once the file or its folder was fsynced; a rename or an unlink
survives once its folder was fsynced. Everything else written since is lost. SQLite's -shm file (shared
memory, rebuilt on open) is left out. Folders themselves are not modelled: a folder once made stays.

    events = record([python, "-m", "workload", ...], folder, trace_path)
    cuts = cut_points(events)                  # indices where the power may go
    crashed = disk_after(events, cut, folder)  # {relative path: bytes} as found after the cut
"""
from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

SYSCALLS = "openat,write,pwrite64,fsync,fdatasync,rename,renameat,renameat2,unlink,unlinkat,ftruncate,lseek,close"
_LINE = re.compile(r"^(\w+)\((.*)\)\s+=\s+(-?\d+)(?:<([^>]*)>)?")
_FD = re.compile(r"^(\d+)<([^>]*)>")
_STR = re.compile(r'"((?:\\x[0-9a-f]{2})*)"')


@dataclass(frozen=True)
class Event:
    kind: str  # open | write | truncate | sync | rename | unlink | mark
    path: str
    offset: int = 0
    data: bytes = b""
    target: str = ""  # rename: the new path
    fresh: bool = False  # open: O_TRUNC (or created)


def record(argv: list[str], folder: Path, trace: Path, env: dict[str, str] | None = None,
           timeout: float = 600.0) -> tuple[list[Event], subprocess.CompletedProcess[str]]:
    """Run argv under strace; the file events under `folder`, in order (one process, one thread writes)."""
    cmd = ["strace", "-qq", "-xx", "-y", "-s", "100000000", "-o", str(trace), "-e", f"trace={SYSCALLS}", *argv]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    return parse(trace.read_text(encoding="latin-1"), str(folder.resolve())), done


def _bytes(literal: str) -> bytes:
    return bytes.fromhex(literal.replace("\\x", ""))


def _text(escaped: str) -> str:
    """A path as strace -xx prints it (every byte as \\xNN), back to text."""
    raw = re.sub(r"\\x([0-9a-f]{2})", lambda m: chr(int(m.group(1), 16)), escaped)
    return raw.encode("latin-1").decode("utf-8", "surrogateescape")


def parse(text: str, folder: str) -> list[Event]:
    events: list[Event] = []
    positions: dict[int, int] = {}

    def inside(p: str) -> bool:
        return p == folder or p.startswith(folder + "/")

    for line in text.splitlines():
        m = _LINE.match(line)
        if m is None:
            continue
        name, args, ret = m.group(1), m.group(2), int(m.group(3))
        ret_path = _text(m.group(4)) if m.group(4) is not None else None
        if ret < 0:
            continue
        fd = _FD.match(args)
        path = _text(fd.group(2)) if fd else ""
        if name == "openat":
            if ret_path is None or not inside(ret_path):
                continue
            positions[ret] = 0
            if "O_DIRECTORY" not in args and not os.path.isdir(ret_path):  # a folder opened to fsync it
                events.append(Event("open", ret_path, fresh="O_TRUNC" in args))
        elif name == "close" and fd:
            positions.pop(int(fd.group(1)), None)
        elif name == "lseek" and fd:
            positions[int(fd.group(1))] = ret
        elif name in ("write", "pwrite64") and fd and inside(path):
            literal = _STR.search(args)
            assert literal is not None, line[:200]
            data = _bytes(literal.group(1))[:ret]
            number = int(fd.group(1))
            if name == "pwrite64":
                offset = int(args.rsplit(",", 1)[1])
            else:
                offset = positions.get(number, 0)
                positions[number] = offset + ret
            events.append(Event("write", path, offset, data))
        elif name == "ftruncate" and fd and inside(path):
            events.append(Event("truncate", path, int(args.rsplit(",", 1)[1])))
        elif name in ("fsync", "fdatasync") and fd and inside(path):
            events.append(Event("sync", path))
        elif name in ("rename", "renameat", "renameat2"):
            paths = [_text(p) for p in re.findall(r'"([^"]*)"', args)]
            dirs = [_text(d) for d in re.findall(r"AT_FDCWD<([^>]*)>", args)]
            full = [p if p.startswith("/") else os.path.join(dirs[0] if dirs else os.getcwd(), p) for p in paths]
            if len(full) == 2 and inside(full[1]):
                events.append(Event("rename", full[0], target=full[1]))
        elif name in ("unlink", "unlinkat"):
            found = [_text(p) for p in re.findall(r'"([^"]*)"', args)]
            if found and inside(found[0]):
                events.append(Event("unlink", found[0]))
    return events


def marks(events: list[Event], name: str) -> list[tuple[int, bytes]]:
    """(index, line) of every line written to the file `name` (the workload's "told the resident" record)."""
    return [(i, e.data) for i, e in enumerate(events) if e.kind == "write" and os.path.basename(e.path) == name]


def cut_points(events: list[Event], start: int = 0) -> list[int]:
    """Every index from `start` at which losing power makes a difference: just before a write, a sync, a rename."""
    return [i for i in range(start, len(events) + 1)
            if i == len(events) or events[i].kind in ("write", "sync", "rename", "unlink", "truncate")]


@dataclass
class _File:
    volatile: bytearray = field(default_factory=bytearray)
    durable: bytes = b""


def disk_after(events: list[Event], cut: int, folder: Path, skip: tuple[str, ...] = ("-shm",)) -> dict[str, bytes]:
    """The files under `folder` as found after the power went just before events[cut]."""
    live: dict[str, _File] = {}
    kept: dict[str, _File] = {}
    root = str(folder.resolve())
    for e in events[:cut]:
        if e.kind == "open":
            f = live.get(e.path)
            if f is None:
                f = live[e.path] = _File()
            if e.fresh:
                f.volatile = bytearray()
        elif e.kind == "write":
            f = live.setdefault(e.path, _File())
            end = e.offset + len(e.data)
            if len(f.volatile) < end:
                f.volatile.extend(b"\0" * (end - len(f.volatile)))
            f.volatile[e.offset:end] = e.data
        elif e.kind == "truncate":
            f = live.setdefault(e.path, _File())
            del f.volatile[e.offset:]
            f.volatile.extend(b"\0" * (e.offset - len(f.volatile)))
        elif e.kind == "sync":
            if e.path in live:
                f = live[e.path]
                f.durable = bytes(f.volatile)
                kept.setdefault(e.path, f)
            else:  # a folder: its names now stand as they are
                for name in [p for p in kept if os.path.dirname(p) == e.path and p not in live]:
                    del kept[name]
                for name, f in live.items():
                    if os.path.dirname(name) == e.path:
                        kept[name] = f
        elif e.kind == "rename":
            if e.path in live:
                live[e.target] = live.pop(e.path)
        elif e.kind == "unlink":
            live.pop(e.path, None)
    return {os.path.relpath(p, root): f.durable for p, f in kept.items() if not p.endswith(skip)}


def lay_out(files: dict[str, bytes], folder: Path) -> None:
    """Write a crashed disk's files into an empty folder."""
    for rel, data in files.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
