"""A real TCP proxy on 127.0.0.1 that a test can cut (the village link drops) and restore."""
from __future__ import annotations

import dataclasses
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import BinaryIO

from drivers.sim.relay import hang_up, pump


def accepted(listener: socket.socket) -> Iterator[socket.socket]:
    """Each connection the listener accepts, until it is closed."""
    while True:
        try:
            client, _ = listener.accept()
        except OSError:
            return
        yield client


class CuttableProxy:
    def __init__(self, target_port: int, target_host: str = "127.0.0.1") -> None:
        self.target = (target_host, target_port)
        self._lock = threading.Lock()
        self._conns: list[socket.socket] = []
        self._listener: socket.socket | None = None
        self._thread: threading.Thread | None = None
        probe = socket.create_server(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.restore()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def is_up(self) -> bool:
        return self._listener is not None

    def restore(self) -> None:
        with self._lock:
            if self._listener is not None:
                return
            listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", self.port))
            listener.listen(64)
            self._listener = listener
            self._thread = threading.Thread(target=self._accept, args=(listener,), daemon=True)
            self._thread.start()

    def cut(self) -> None:
        """Refuse new connections and drop every open one, as a dead uplink would."""
        with self._lock:
            listener, self._listener = self._listener, None
            conns, self._conns = self._conns, []
        for sock in [s for s in (listener, *conns) if s is not None]:
            hang_up(sock)
            sock.close()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None

    close = cut

    def __enter__(self) -> "CuttableProxy":
        return self

    def __exit__(self, *exc: object) -> None:
        self.cut()

    def _accept(self, listener: socket.socket) -> None:
        for client in accepted(listener):
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                if self._listener is not listener:
                    client.close()
                    upstream.close()
                    return
                self._conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _tap(self, src: socket.socket) -> Callable[[bytes], tuple[bytes, bool]] | None:
        """What sees the bytes read from src before they are forwarded (relay.pump's `tap`); none here."""
        return None

    def _from_network(self, src: socket.socket) -> bool:
        """Whether src is the network's side of a connection (what it reads goes down to the kiosk)."""
        try:
            return bool(src.getpeername()[1] == self.target[1])
        except OSError:
            return False

    def _pipe(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            pump(src, dst, self._tap(src))
        finally:
            with self._lock:
                for s in (src, dst):
                    if s in self._conns:
                        self._conns.remove(s)
                        s.close()


class SlowProxy(CuttableProxy):
    """A slow village link: what the network sends down it comes at `rate` bytes a second (None: at full speed;
    the rate may be changed while bytes flow). Requests go up at full speed."""

    def __init__(self, target_port: int, rate: float | None = None) -> None:
        self.rate = rate
        super().__init__(target_port)

    def _tap(self, src: socket.socket) -> Callable[[bytes], tuple[bytes, bool]] | None:
        return self._slow if self._from_network(src) else None

    def _slow(self, data: bytes) -> tuple[bytes, bool]:
        rate = self.rate
        if rate:
            time.sleep(len(data) / rate)
        return data, True


# ---------------------------------------------------------------------------------------------------------------
# An HTTP-aware proxy for fault injection: it reads each request and response on the link (keep-alive included),
# so a test can lose a request half-way, lose the answer after the server committed, hold the answer past the
# client's timeout, or answer in the server's place (500, 429 + Retry-After, 401, a captive portal's page).



@dataclasses.dataclass
class Fault:
    """One planned fault for the next `times` requests whose "METHOD /path" contains `match`."""

    kind: str  # "drop_request" | "drop_response" | "delay" | "respond"
    match: str = ""
    times: int = 1
    delay: float = 0.0
    status: int = 500
    headers: dict[str, str] = dataclasses.field(default_factory=dict)
    body: bytes = b'{"detail": "injected"}'


class _Closed(Exception):
    pass


def _read_head(f: BinaryIO) -> bytes:
    head = b""
    while True:
        line = f.readline(65537)
        if not line:
            if head:
                raise _Closed("the peer closed in the middle of a head")
            raise _Closed("eof")
        head += line
        if line in (b"\r\n", b"\n"):
            return head


def _headers(head: bytes) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in head.split(b"\r\n")[1:]:
        if b":" in line:
            k, v = line.split(b":", 1)
            out[k.decode("latin-1").strip().lower()] = v.decode("latin-1").strip()
    return out


def _read_body(f: BinaryIO, headers: dict[str, str]) -> bytes:
    if headers.get("transfer-encoding", "").lower() == "chunked":
        raw = b""
        while True:
            size_line = f.readline()
            raw += size_line
            size = int(size_line.split(b";")[0].strip() or b"0", 16)
            chunk = f.read(size + 2)
            raw += chunk
            if size == 0:
                while chunk not in (b"\r\n", b""):  # trailers
                    chunk = f.readline()
                    raw += chunk
                return raw
    n = int(headers.get("content-length", "0") or 0)
    data = f.read(n) if n else b""
    if len(data) != n:
        raise _Closed("short body")
    return data


def _canned(fault: Fault) -> bytes:
    reason = {200: "OK", 401: "Unauthorized", 404: "Not Found", 429: "Too Many Requests",
              500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}.get(fault.status, "X")
    headers = {"Content-Type": "application/json", **fault.headers, "Content-Length": str(len(fault.body))}
    lines = [f"HTTP/1.1 {fault.status} {reason}"] + [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + fault.body


class FaultProxy(CuttableProxy):
    """A CuttableProxy that relays HTTP request by request and applies planned faults.

    `log` records ("METHOD /path", outcome) for every request seen: outcome is "ok" or the fault's kind.
    """

    def __init__(self, target_port: int, target_host: str = "127.0.0.1") -> None:
        self.faults: list[Fault] = []
        self.log: list[tuple[str, str]] = []
        self._plan = threading.Lock()
        super().__init__(target_port, target_host)

    def add(self, fault: Fault) -> Fault:
        with self._plan:
            self.faults.append(fault)
        return fault

    def drop_request(self, match: str = "", times: int = 1) -> Fault:
        return self.add(Fault("drop_request", match, times))

    def drop_response(self, match: str = "", times: int = 1) -> Fault:
        return self.add(Fault("drop_response", match, times))

    def delay(self, seconds: float, match: str = "", times: int = 1) -> Fault:
        return self.add(Fault("delay", match, times, delay=seconds))

    def respond(self, status: int, match: str = "", times: int = 1, headers: dict[str, str] | None = None,
                body: bytes = b'{"detail": "injected"}') -> Fault:
        return self.add(Fault("respond", match, times, status=status, headers=dict(headers or {}), body=body))

    def clear(self) -> None:
        with self._plan:
            self.faults.clear()

    def pending(self) -> int:
        with self._plan:
            return sum(f.times for f in self.faults)

    def _take(self, request_line: str) -> Fault | None:
        with self._plan:
            for f in self.faults:
                if f.match in request_line and f.times > 0:
                    f.times -= 1
                    if f.times == 0:
                        self.faults.remove(f)
                    return f
        return None

    def _accept(self, listener: socket.socket) -> None:
        for client in accepted(listener):
            with self._lock:
                if self._listener is not listener:
                    client.close()
                    return
                self._conns.append(client)
            threading.Thread(target=self._relay, args=(client,), daemon=True).start()

    def _forget(self, *socks: socket.socket | None) -> None:
        for s in socks:
            if s is None:
                continue
            hang_up(s)
            with self._lock:
                if s in self._conns:
                    self._conns.remove(s)
            s.close()

    def _relay(self, client: socket.socket) -> None:
        upstream: socket.socket | None = None
        cf = client.makefile("rb")
        uf: BinaryIO | None = None
        try:
            while True:
                head = _read_head(cf)
                body = _read_body(cf, _headers(head))
                first = head.split(b"\r\n", 1)[0].decode("latin-1")
                method, path = (first.split(" ") + ["", ""])[:2]
                line = f"{method} {path.split('?')[0]}"
                fault = self._take(line)
                self.log.append((line, fault.kind if fault else "ok"))
                if fault is not None and fault.kind == "respond":
                    client.sendall(_canned(fault))
                    continue
                if upstream is None:
                    upstream = socket.create_connection(self.target, timeout=30)
                    with self._lock:
                        self._conns.append(upstream)
                    uf = upstream.makefile("rb")
                request = head + body
                if fault is not None and fault.kind == "drop_request":
                    upstream.sendall(request[: max(1, len(request) // 2)])
                    return
                upstream.sendall(request)
                assert uf is not None
                resp_head = _read_head(uf)
                status = int(resp_head.split(b" ", 2)[1])
                no_body = method == "HEAD" or status in (204, 304) or 100 <= status < 200
                resp = resp_head + (b"" if no_body else _read_body(uf, _headers(resp_head)))
                if fault is not None and fault.kind == "drop_response":
                    return  # the server has answered (and committed); the kiosk never hears it
                if fault is not None and fault.kind == "delay":
                    time.sleep(fault.delay)
                client.sendall(resp)
        except (_Closed, OSError, ValueError, IndexError):
            return
        finally:
            cf.close()
            if uf is not None:
                uf.close()
            self._forget(client, upstream)
