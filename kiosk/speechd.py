"""Does speech-dispatcher answer? Asked in Python before QtTextToSpeech connects to it.

Qt's speechd engine connects inside QTextToSpeech's constructor, and that call holds Python's lock: a daemon that
accepts the connection and never answers (stuck on a sound card) froze the whole kiosk, not only the voice thread.
So the voice thread first speaks one line of the daemon's own protocol (SSIP: `SET SELF CLIENT_NAME`, answered
`208 OK …`) with a timeout, with Python's lock free while it waits, and leaves the voice off when no answer comes.
"""
from __future__ import annotations

import os
import socket
from pathlib import Path

PROBE = b"SET SELF CLIENT_NAME hall-kiosk:probe:main\r\n"
TIMEOUT = 3.0  # seconds a daemon has to answer (it answers in about a millisecond)


def address() -> tuple[int, object]:
    """(socket family, address) where libspeechd would connect: SPEECHD_ADDRESS (unix_socket:PATH or
    inet_socket:HOST[:PORT]), else the user's runtime directory's speech-dispatcher/speechd.sock."""
    given = os.environ.get("SPEECHD_ADDRESS", "")
    kind, _, rest = given.partition(":")
    if kind == "unix_socket" and rest:
        return socket.AF_UNIX, rest
    if kind == "inet_socket" and rest:
        host, _, port = rest.partition(":")
        return socket.AF_INET, (host, int(port) if port.isdigit() else 6560)
    runtime = os.environ.get("XDG_RUNTIME_DIR") or str(Path.home() / ".cache")  # glib's user runtime dir
    return socket.AF_UNIX, str(Path(runtime) / "speech-dispatcher" / "speechd.sock")


def answers(timeout: float | None = None) -> bool | None:
    """True: the daemon answered. False: it took the connection but did not answer in `timeout` (hung). None:
    nothing listens (libspeechd then starts a daemon of its own, as before)."""
    family, addr = address()
    try:
        conn = socket.socket(family, socket.SOCK_STREAM)
    except OSError:
        return None
    with conn:
        conn.settimeout(TIMEOUT if timeout is None else timeout)
        try:
            conn.connect(addr)  # type: ignore[arg-type]  # a path or (host, port), as the family wants
        except (FileNotFoundError, ConnectionRefusedError):
            return None
        except OSError:
            return False
        try:
            conn.sendall(PROBE)
            reply = conn.recv(256)
            conn.sendall(b"QUIT\r\n")
        except OSError:  # socket.timeout included
            return False
    return reply.startswith(b"2")
