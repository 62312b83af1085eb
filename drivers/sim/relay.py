"""Copy bytes from one socket to another until either side closes, then shut both down: the loop of the demo's
port forwarder (deploy/demo_sims.py) and of the tests' cuttable TCP proxy."""
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
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
