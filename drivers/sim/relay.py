"""Copy bytes from one socket to another until either side closes, then shut both down: the loop of the demo's
port forwarder (deploy/demo_sims.py) and of the tests' cuttable TCP proxy; and `hang_up`, which the simulators
and the proxy use to drop a socket."""
from __future__ import annotations

import socket


def pump(src: socket.socket, dst: socket.socket) -> None:
    """Forward src -> dst until src closes or either socket fails; then shut both down (both ways)."""
    try:
        while data := src.recv(65536):
            dst.sendall(data)
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
