"""Copy bytes from one socket to another until either side closes, then shut both down: the loop of the demo's
port forwarder (deploy/demo_sims.py) and of the tests' cuttable TCP proxy; and `hang_up`, which the simulators
and the proxy use to drop a socket."""
from __future__ import annotations

import socket
from collections.abc import Callable


def pump(src: socket.socket, dst: socket.socket,
         tap: Callable[[bytes], tuple[bytes, bool]] | None = None) -> None:
    """Forward src -> dst until src closes or either socket fails; then shut both down (both ways). `tap` sees
    each piece first and says what to forward and whether to go on (False: the link drops after it)."""
    try:
        while data := src.recv(65536):
            data, go_on = tap(data) if tap is not None else (data, True)
            dst.sendall(data)
            if not go_on:
                return
    except OSError:
        pass
    finally:
        for s in (src, dst):
            hang_up(s)


def hang_up(sock: socket.socket) -> None:
    """Shut the socket down both ways, which wakes a thread blocked in accept() or recv() on it at once; a socket
    already shut or never connected is left as it is. Closing it stays the caller's job."""
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
