#!/usr/bin/env python3
"""hall-kiosk-sims.service: every simulated device of drivers.sim.launch, at fixed addresses, for a demo hall.

`python -m drivers.sim.launch` is the one command that starts all simulators, for a person at a terminal: each
run gets a new pty and a free port, and it reads commands from stdin. A service needs addresses that a demo
kiosk's /etc/hall-kiosk/kiosk.toml can name and no stdin, so this wraps `drivers.sim.launch.launch()`:

    RUN/id-reader      -> the SAM ID card reader's pty (the sample card is on it)    [reader] port
    RUN/scanner        -> the scanner's pty                                          [scanner] port
    127.0.0.1:9100     -> the ESC/POS printer emulator, receipts as PNG in OUT/receipts   [printer] host, port
    RUN/devices.toml   the device tables for kiosk.toml, as drivers.sim.launch prints them

RUN is /run/hall-kiosk-sims (RuntimeDirectory=). It says READY=1 to systemd once everything is up and stops on
SIGTERM. The social security card (pcscd + vpcd) is left out unless --pcsc: pcscd needs root.
"""
from __future__ import annotations

import argparse
import os
import signal
import socket
import sys
import threading
from pathlib import Path


def relay(listen_port: int, target_port: int, stop: threading.Event) -> socket.socket:
    """Forward 127.0.0.1:listen_port to 127.0.0.1:target_port, both ways (ESC/POS answers status queries)."""
    server = socket.create_server(("127.0.0.1", listen_port), reuse_port=False)
    server.settimeout(0.5)

    from drivers.sim.relay import pump

    def accept() -> None:
        while not stop.is_set():
            try:
                client, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", target_port), timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=pump, args=(a, b), daemon=True).start()

    threading.Thread(target=accept, name="printer-relay", daemon=True).start()
    return server


def notify(state: str) -> None:
    path = os.environ.get("NOTIFY_SOCKET", "")
    if not path:
        return
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.connect("\0" + path[1:] if path.startswith("@") else path)
        sock.sendall(state.encode())


def link(path: Path, target: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    os.replace(tmp, path)


def _toml(tables: dict[str, dict[str, object]]) -> str:
    lines = []
    for name, values in tables.items():
        lines.append(f"[{name}]")
        lines += [f'{k} = "{v}"' if isinstance(v, str) else f"{k} = {v!r}" for k, v in values.items()]
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="demo_sims.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--run-dir", type=Path, default=Path(os.environ.get("RUNTIME_DIRECTORY", "/run/hall-kiosk-sims")))
    ap.add_argument("--out", type=Path, default=Path("."), help="receipt PNGs go to OUT/receipts")
    ap.add_argument("--printer-port", type=int, default=9100)
    ap.add_argument("--pcsc", action="store_true", help="also pcscd and the social security card (needs root)")
    args = ap.parse_args(argv)

    from drivers.sim.launch import launch  # the one command that starts every simulator

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    args.run_dir.mkdir(parents=True, exist_ok=True)
    with launch(args.out / "receipts", pcsc=args.pcsc) as sims:
        server = relay(args.printer_port, sims.printer.port, stop)
        link(args.run_dir / "id-reader", sims.sam.device_path)
        link(args.run_dir / "scanner", sims.scanner.device_path)
        tables = sims.device_settings()
        tables["reader"]["port"] = str(args.run_dir / "id-reader")
        tables["scanner"]["port"] = str(args.run_dir / "scanner")
        tables["printer"].update(host="127.0.0.1", port=args.printer_port)
        (args.run_dir / "devices.toml").write_text(_toml(tables), encoding="utf-8")
        print(_toml(tables), flush=True)
        notify("READY=1\nSTATUS=simulators up")
        try:
            while not stop.wait(0.5):
                pass
        finally:
            notify("STOPPING=1")
            server.close()
            for name in ("id-reader", "scanner", "devices.toml"):
                (args.run_dir / name).unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
