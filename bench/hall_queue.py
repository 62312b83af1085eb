"""The hall's queue on real parts: a hall node (`servicenet serve --role hall`) and the network, both uvicorn on
127.0.0.1, the kiosk's signed HallClient and the ESC/POS emulator.

hall_ticket_p95   a touch on a business to the ticket out of the printer: POST /v1/queue/tickets (signature,
                  the numbering transaction with its outbox row, fsync) then print_ticket (layout, QR, TCP,
                  DLE EOT before and after). baseline: the same ticket's job bytes sent raw + one DLE EOT, so
                  the ratio is what the queue and the driver add to the printer's own time.
hall_display_p95  a clerk's "call next" to the display's event stream carrying the call (SSE, as the 叫号屏 gets
                  it). baseline: the counter's POST round trip alone (the call's transaction), so the ratio is
                  what reaching the display adds.
"""
from __future__ import annotations

import json
import queue
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import requests

from bench.printer import _raw, p95
from drivers.printer.escpos_printer import EscposReceiptPrinter
from drivers.sim.escpos_emulator import EscposEmulator
from servicenet.process import start_servicenet
from sync.hall import HallClient
from tests.helpers.hall import HallNode, office_token, wait_for_key


def _events(url: str, out: "queue.Queue[tuple[float, int]]", stop: threading.Event) -> None:
    """Each event of the display's stream with the moment it arrived (read unbuffered: iter_lines' default
    512-byte chunks would hold an event back until the next one came)."""
    try:
        with requests.get(url, stream=True, timeout=60) as r:
            for line in r.iter_lines(chunk_size=1, decode_unicode=True):
                if stop.is_set():
                    return
                if line.startswith("data: "):
                    out.put((time.perf_counter(), int(json.loads(line[6:])["cursor"])))
    except requests.RequestException:
        return  # the hall node stopped at the end of the run


def _tickets(hall: HallNode, kiosk: Any, emu: EscposEmulator, n: int) -> dict[str, Any]:
    client = HallClient(hall.url, kiosk.session(), "bench-person-key")
    printer = EscposReceiptPrinter("127.0.0.1", emu.port, timeout=5, status_timeout=5)
    printer.print_ticket(client.take("A"))  # warm-up
    touch, bare = [], []
    for _ in range(n):  # interleaved, so both see the same machine
        t0 = time.perf_counter()
        ticket = client.take("A")
        printer.print_ticket(ticket)
        touch.append(time.perf_counter() - t0)
        bare.append(_raw(emu.port, printer.ticket_bytes(ticket)))
    printer.close()
    value, base = p95(touch) * 1000, p95(bare) * 1000
    return {"value": round(value, 2), "unit": "ms", "baseline": round(base, 2),
            "baseline_name": "the same ticket's job bytes sent raw over TCP + one DLE EOT",
            "ratio": round(value / base, 2), "n": n}


def _display(hall: HallNode, n: int) -> dict[str, Any]:
    clerk = requests.Session()
    clerk.post(hall.url + "/hall/login", data={"token": office_token(hall.db_url), "next": "/hall/counter/1"},
               timeout=10)
    seen: queue.Queue[tuple[float, int]] = queue.Queue()
    stop = threading.Event()
    reader = threading.Thread(target=_events, args=(hall.url + "/hall/display/events", seen, stop), daemon=True)
    reader.start()
    cursor = seen.get(timeout=10)[1]
    shown, posted = [], []
    for _ in range(n):
        clerk.post(hall.url + "/hall/counter/1", data={"move": "end"}, timeout=10, allow_redirects=False)
        while not seen.empty():
            cursor = max(cursor, seen.get_nowait()[1])
        t0 = time.perf_counter()
        clerk.post(hall.url + "/hall/counter/1", data={"move": "next"}, timeout=10, allow_redirects=False)
        posted.append(time.perf_counter() - t0)
        while True:
            at, now = seen.get(timeout=10)
            if now > cursor:
                cursor = now
                shown.append(at - t0)
                break
    stop.set()
    value, base = p95(shown) * 1000, p95(posted) * 1000
    return {"value": round(value, 2), "unit": "ms", "baseline": round(base, 2),
            "baseline_name": "the counter's call-next POST round trip", "ratio": round(value / base, 2), "n": n}


def run(quick: bool = False) -> dict[str, dict[str, Any]]:
    n = 10 if quick else 40
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        net = start_servicenet(f"sqlite:///{folder / 'net.db'}")
        try:
            hall = HallNode.setup(folder, net.url, net.db_url, "bench大厅")
            proc = hall.start()
            try:
                from bench._enrolled import enroll_kiosk

                kiosk = enroll_kiosk(net, hall_name="bench大厅")
                wait_for_key(hall.url, kiosk)
                with EscposEmulator(folder / "out") as emu:
                    tickets = _tickets(hall, kiosk, emu, n)
                return {"hall_ticket_p95": tickets, "hall_display_p95": _display(hall, n)}
            finally:
                proc.stop()
        finally:
            net.stop()


if __name__ == "__main__":
    for name, result in run(quick=True).items():
        print(name, result)
